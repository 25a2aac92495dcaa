/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-StageStepper"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-stage-stepper.h"

#define MARK_SIZE 24
#define LINE_WIDTH 2
#define STEP_MIN_WIDTH 96
#define STEP_TEXT_MARGIN 6

typedef enum {
  STATE_DONE,
  STATE_CURRENT,
  STATE_NEXT,
  STATE_LATER,
} StageState;

static const char * const state_names[] = { "done", "current", "next", "later" };

/* --- ScStageMark: the circle of one stage and its halves of the lines ---- */

#define SC_TYPE_STAGE_MARK (sc_stage_mark_get_type ())
G_DECLARE_FINAL_TYPE (ScStageMark, sc_stage_mark, SC, STAGE_MARK, GtkWidget)

struct _ScStageMark
{
  GtkWidget  parent_instance;

  StageState state;
  gboolean   first;
  gboolean   last;
  gboolean   left_reached;   /* the edge arriving here was travelled */
  gboolean   right_reached;  /* the edge leaving here was travelled */
};

G_DEFINE_FINAL_TYPE (ScStageMark, sc_stage_mark, GTK_TYPE_WIDGET)

static GdkRGBA
named_color (GtkWidget  *widget,
             const char *name,
             const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA color;

  if (!gtk_style_context_lookup_color (context, name, &color))
    gdk_rgba_parse (&color, fallback);
  return color;
}

static void
append_circle (GtkSnapshot           *snapshot,
               const graphene_rect_t *bounds,
               const GdkRGBA         *fill)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, bounds, bounds->size.width / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, fill, bounds);
  gtk_snapshot_pop (snapshot);
}

static void
append_ring (GtkSnapshot           *snapshot,
             const graphene_rect_t *bounds,
             const GdkRGBA         *color)
{
  GskRoundedRect rounded;
  const float widths[4] = { LINE_WIDTH, LINE_WIDTH, LINE_WIDTH, LINE_WIDTH };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, bounds, bounds->size.width / 2);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static void
append_check (ScStageMark           *self,
              GtkSnapshot           *snapshot,
              const graphene_rect_t *bounds,
              const GdkRGBA         *color)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GtkIconPaintable) icon = NULL;
  const int size = 16;

  icon = gtk_icon_theme_lookup_icon (theme, "object-select-symbolic", NULL, size,
                                     gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                     gtk_widget_get_direction (GTK_WIDGET (self)), 0);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (bounds->origin.x + (bounds->size.width - size) / 2,
                                                bounds->origin.y + (bounds->size.height - size) / 2));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, size, size, color, 1);
  gtk_snapshot_restore (snapshot);
}

static void
sc_stage_mark_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  ScStageMark *self = SC_STAGE_MARK (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float cx = width / 2.0f, cy = height / 2.0f;
  graphene_rect_t circle = GRAPHENE_RECT_INIT (cx - MARK_SIZE / 2.0f, cy - MARK_SIZE / 2.0f,
                                               MARK_SIZE, MARK_SIZE);
  GdkRGBA fg = named_color (widget, "window_fg_color", "#000000");
  GdkRGBA success = named_color (widget, "success_color", "#26a269");
  GdkRGBA accent = named_color (widget, "accent_bg_color", "#3584e4");
  GdkRGBA accent_fg = named_color (widget, "accent_fg_color", "#ffffff");
  GdkRGBA warning = named_color (widget, "warning_color", "#9c6e03");
  GdkRGBA dim = fg, reached = success;
  float gap = MARK_SIZE / 2.0f + 4;

  dim.alpha *= 0.3f;

  if (!self->first)
    {
      const GdkRGBA *color = self->left_reached ? &reached : &dim;

      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (0, cy - LINE_WIDTH / 2.0f,
                                                      MAX (0, cx - gap), LINE_WIDTH));
    }
  if (!self->last)
    {
      const GdkRGBA *color = self->right_reached ? &reached : &dim;

      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (cx + gap, cy - LINE_WIDTH / 2.0f,
                                                      MAX (0, width - cx - gap), LINE_WIDTH));
    }

  switch (self->state)
    {
    case STATE_DONE:
      {
        GdkRGBA white = named_color (widget, "success_fg_color", "#ffffff");

        append_circle (snapshot, &circle, &success);
        append_check (self, snapshot, &circle, &white);
      }
      break;
    case STATE_CURRENT:
      {
        graphene_rect_t inner;

        append_circle (snapshot, &circle, &accent);
        graphene_rect_inset_r (&circle, 7, 7, &inner);
        append_circle (snapshot, &inner, &accent_fg);
      }
      break;
    case STATE_NEXT:
      append_ring (snapshot, &circle, &warning);
      break;
    case STATE_LATER:
    default:
      append_ring (snapshot, &circle, &dim);
      break;
    }
}

static void
sc_stage_mark_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = *natural = MARK_SIZE + 4;
}

static void
sc_stage_mark_class_init (ScStageMarkClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = sc_stage_mark_snapshot;
  widget_class->measure = sc_stage_mark_measure;
  gtk_widget_class_set_css_name (widget_class, "stagemark");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
sc_stage_mark_init (ScStageMark *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

/* --- ScStageStepper ------------------------------------------------------- */

struct _ScStageStepper
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkWidget *box;
  GArray    *states;   /* StageState */
};

G_DEFINE_FINAL_TYPE (ScStageStepper, sc_stage_stepper, GTK_TYPE_WIDGET)

static const char *
describe_state (StageState state)
{
  switch (state)
    {
    case STATE_DONE:
      return _("Done");
    case STATE_CURRENT:
      return _("Current stage");
    case STATE_NEXT:
      return _("Next stage");
    case STATE_LATER:
    default:
      return _("Later");
    }
}

static GtkWidget *
step_new (const char *tag,
          const char *org,
          StageState  state,
          gboolean    first,
          gboolean    last,
          StageState  previous)
{
  g_autofree char *css = g_strdup_printf ("stage-%s", state_names[state]);
  g_autofree char *description = NULL;
  GtkWidget *step = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *tag_label = gtk_label_new (tag != NULL ? tag : "");
  GtkWidget *org_label = gtk_label_new (org != NULL ? org : "");
  ScStageMark *mark = g_object_new (SC_TYPE_STAGE_MARK, NULL);

  mark->state = state;
  mark->first = first;
  mark->last = last;
  mark->left_reached = !first && (state == STATE_DONE || state == STATE_CURRENT) && previous == STATE_DONE;
  mark->right_reached = state == STATE_DONE;

  gtk_widget_set_size_request (step, STEP_MIN_WIDTH, -1);
  gtk_widget_set_hexpand (step, TRUE);
  /* the labels stop short of the step's edges: a caption as wide as its
   * step would touch the next one ("Acme ProductionAcme Production") */
  gtk_widget_set_margin_start (tag_label, STEP_TEXT_MARGIN);
  gtk_widget_set_margin_end (tag_label, STEP_TEXT_MARGIN);
  gtk_widget_set_margin_start (org_label, STEP_TEXT_MARGIN);
  gtk_widget_set_margin_end (org_label, STEP_TEXT_MARGIN);

  gtk_label_set_ellipsize (GTK_LABEL (tag_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (tag_label), 12);
  gtk_widget_add_css_class (tag_label, css);
  gtk_widget_add_css_class (tag_label, "heading");

  gtk_label_set_wrap (GTK_LABEL (org_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (org_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (org_label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (org_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_justify (GTK_LABEL (org_label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (org_label), 12);
  gtk_widget_add_css_class (org_label, "caption");
  gtk_widget_add_css_class (org_label, "dim-label");

  gtk_box_append (GTK_BOX (step), GTK_WIDGET (mark));
  gtk_box_append (GTK_BOX (step), tag_label);
  gtk_box_append (GTK_BOX (step), org_label);

  /* Translators: a stage in the stepper: "dev, Acme Development: Done" */
  description = g_strdup_printf (_("%s, %s: %s"), tag != NULL ? tag : "", org != NULL ? org : "",
                                 describe_state (state));
  gtk_widget_set_tooltip_text (step, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (step),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  return step;
}

/* A horizontally scrolled window measures its height for the child's
 * natural width; the org names wrap when the stepper is narrower, so the
 * height is measured here for the width the stages will really get. */
static GtkSizeRequestMode
sc_stage_stepper_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sc_stage_stepper_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  ScStageStepper *self = SC_STAGE_STEPPER (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural, NULL, NULL);
    }
  else
    {
      int box_min = 0, box_nat = 0;

      gtk_widget_measure (self->box, GTK_ORIENTATION_HORIZONTAL, -1, &box_min, &box_nat, NULL, NULL);
      gtk_widget_measure (self->box, GTK_ORIENTATION_VERTICAL,
                          for_size < 0 ? box_nat : MAX (for_size, box_min),
                          minimum, natural, NULL, NULL);
    }
}

static void
sc_stage_stepper_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  ScStageStepper *self = SC_STAGE_STEPPER (widget);

  gtk_widget_allocate (self->scroller, width, height, -1, NULL);
}

static void
sc_stage_stepper_dispose (GObject *object)
{
  ScStageStepper *self = (ScStageStepper *)object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->box = NULL;

  G_OBJECT_CLASS (sc_stage_stepper_parent_class)->dispose (object);
}

static void
sc_stage_stepper_finalize (GObject *object)
{
  ScStageStepper *self = (ScStageStepper *)object;

  g_clear_pointer (&self->states, g_array_unref);

  G_OBJECT_CLASS (sc_stage_stepper_parent_class)->finalize (object);
}

static void
sc_stage_stepper_class_init (ScStageStepperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_stage_stepper_dispose;
  object_class->finalize = sc_stage_stepper_finalize;

  widget_class->get_request_mode = sc_stage_stepper_get_request_mode;
  widget_class->measure = sc_stage_stepper_measure;
  widget_class->size_allocate = sc_stage_stepper_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "stagestepper");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
sc_stage_stepper_init (ScStageStepper *self)
{
  self->states = g_array_new (FALSE, FALSE, sizeof (StageState));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_EXTERNAL);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (self->box), TRUE);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stages"),
                                  -1);
}

GtkWidget *
sc_stage_stepper_new (void)
{
  return g_object_new (SC_TYPE_STAGE_STEPPER, NULL);
}

static void
clear_steps (ScStageStepper *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_array_set_size (self->states, 0);
}

static void
append_step (ScStageStepper *self,
             const char     *tag,
             const char     *org,
             StageState      state,
             gboolean        last)
{
  guint n = self->states->len;
  StageState previous = n > 0 ? g_array_index (self->states, StageState, n - 1) : STATE_LATER;

  g_array_append_val (self->states, state);
  gtk_box_append (GTK_BOX (self->box), step_new (tag, org, state, n == 0, last, previous));
}

static StageState
progress_state (ScStageState state)
{
  switch (state)
    {
    case SC_STAGE_STATE_DONE:
      return STATE_DONE;
    case SC_STAGE_STATE_CURRENT:
      return STATE_CURRENT;
    case SC_STAGE_STATE_NEXT:
      return STATE_NEXT;
    case SC_STAGE_STATE_LATER:
    default:
      return STATE_LATER;
    }
}

void
sc_stage_stepper_set_progress (ScStageStepper *self,
                               ScPathProgress *progress)
{
  guint n;

  g_return_if_fail (SC_IS_STAGE_STEPPER (self));
  g_return_if_fail (progress == NULL || SC_IS_PATH_PROGRESS (progress));

  clear_steps (self);
  n = progress != NULL ? sc_path_progress_get_n_stages (progress) : 0;
  for (guint i = 0; i < n; i++)
    {
      const ScProgressStage *stage = sc_path_progress_get_stage (progress, i);

      append_step (self, stage->tag, stage->org_name, progress_state (stage->state), i + 1 == n);
    }
}

guint
sc_stage_stepper_get_n_stages (ScStageStepper *self)
{
  g_return_val_if_fail (SC_IS_STAGE_STEPPER (self), 0);
  return self->states->len;
}

const char *
sc_stage_stepper_get_state (ScStageStepper *self,
                            guint           index)
{
  g_return_val_if_fail (SC_IS_STAGE_STEPPER (self), NULL);

  if (index >= self->states->len)
    return NULL;
  return state_names[g_array_index (self->states, StageState, index)];
}

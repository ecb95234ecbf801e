// The core's records as the UI receives them (serde JSON of src/model). Enum values are the
// core's stable codes; their Chinese labels come from the `vocab` command (one vocabulary for
// UI, templates and reports).

export type Code = string;

export interface Department {
  id: string;
  name: string;
  level: Code;
  parent_id: string | null;
}

export interface Person {
  id: string;
  name: string;
  title: string;
  role: Code;
  department_id: string;
}

export interface Matter {
  id: string;
  name: string;
  department_id: string;
  legal_days: number | null;
  promised_days: number | null;
  materials_count: number;
  steps_count: number;
}

export interface Incognito {
  identity_hidden: boolean;
  no_notice: boolean;
  no_escort: boolean;
}

export interface Walk {
  id: string;
  title: string;
  department_id: string;
  leader_id: string;
  kind: Code;
  manner: Code | null;
  ways: Code[];
  channel: Code;
  place_level: Code;
  place_name: string;
  matter_ids: string[];
  companion_ids: string[];
  incognito: Incognito | null;
  alias: string | null;
  planned_date: string;
  started_at: string | null;
  ended_at: string | null;
  status: Code;
  reflection: string;
  suggestions: number;
  questionnaires: number;
  coordinated: number;
  seal_code: string | null;
}

export interface Step {
  id: string;
  walk_id: string;
  seq: number;
  name: string;
  place: string;
  started_at: string;
  ended_at: string | null;
  waiting_minutes: number;
  materials_count: number;
  materials_names: string;
  trips: number;
  observations: string;
  rating: number | null;
}

export interface Problem {
  id: string;
  walk_id: string;
  step_id: string | null;
  category: Code;
  standards: Code[];
  severity: Code;
  nature: Code;
  description: string;
  on_spot_action: string | null;
  resolved_on: string | null;
  found_on: string;
}

export interface ProcessFigures {
  steps: number;
  materials: number;
  days: number;
  trips: number;
}

export interface Outcomes {
  process_optimised: boolean;
  time_compressed: boolean;
  policy_issued: boolean;
}

export interface Task {
  id: string;
  problem_ids: string[];
  measure: string;
  department_id: string;
  owner_id: string;
  deadline: string;
  status: Code;
  matter_id: string | null;
  before: ProcessFigures | null;
  after: ProcessFigures | null;
  outcomes: Outcomes;
  sent_back_reason: string | null;
  done_on: string | null;
  closed_out_on: string | null;
  created_on: string;
}

export interface ProgressNote {
  id: string;
  task_id: string;
  noted_on: string;
  text: string;
  author: string;
}

export interface Attachment {
  id: string;
  owner_kind: Code;
  owner_id: string;
  sha256: string;
  file_name: string;
  mime: string;
  size: number;
  caption: string;
  taken_at: string | null;
}

export interface ProblemRow {
  problem: Problem;
  walk_title: string;
  department_id: string;
  department_name: string;
  solved: boolean;
  task_ids: string[];
}

export interface LedgerRow {
  task: Task;
  department_name: string;
  owner_name: string;
  problems: string;
  categories: Code[];
  latest_note: string | null;
  overdue: boolean;
}

export interface LedgerPage {
  total: number;
  rows: LedgerRow[];
}

export interface LabelledCode {
  code: Code;
  label: string;
}

/** Every closed vocabulary of the core with its Chinese labels, keyed by enum. */
export interface Vocab {
  dept_level: LabelledCode[];
  role: LabelledCode[];
  walk_kind: LabelledCode[];
  manner: LabelledCode[];
  way: LabelledCode[];
  channel: LabelledCode[];
  place_level: LabelledCode[];
  walk_status: LabelledCode[];
  problem_category: LabelledCode[];
  standard: LabelledCode[];
  severity: LabelledCode[];
  nature: LabelledCode[];
  task_status: LabelledCode[];
}

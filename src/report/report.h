/*
 * report — the annual report (政府信息公开工作年度报告): its model and the
 * three national layouts (docs/domain.md §5), reading published reports
 * (text and HTML), checking them against the consistency rules (勾稽关系),
 * rendering (txt, md, html, xlsx, json), and summing many reports.
 *
 * The layouts' rows, columns and labels are data tables (layout.c) that the
 * reader, the checker and the renderers all walk. The model holds every
 * value as a double: NaN (RPT_NULL) means "the report does not give it",
 * which is printed as JSON null and is never the same as 0.
 */
#ifndef GONGKAI_REPORT_H
#define GONGKAI_REPORT_H

#include <math.h>

#include "base/base.h"

/* ---- layouts ----------------------------------------------------------- */
enum rpt_layout {
    RPT_LAYOUT_UNKNOWN = 0,
    RPT_LAYOUT_2021,      /* reporting years 2021 onward */
    RPT_LAYOUT_2019,      /* 2019, 2020 (the trial format) */
    RPT_LAYOUT_2008,      /* 2008–2018 statistics tables */
    RPT_LAYOUT_NARRATIVE, /* no table: counts only in the text */
};
const char *rpt_layout_name(enum rpt_layout l);          /* "2021", ..., "narrative", NULL */
enum rpt_layout rpt_layout_from_name(const char *s);      /* RPT_LAYOUT_UNKNOWN if none */
#define RPT_LAYOUT_BIT(l) (1u << (l))

#define RPT_NULL NAN
static inline bool rpt_is_null(double v) { return isnan(v); }

/* ---- table 二: proactive disclosure ------------------------------------
 * Field ids; rpt_pro_fields[] (layout.c) gives each its JSON group and key,
 * label and the layouts that print it. */
enum rpt_pro_field {
    PRO_RULES_ISSUED, PRO_RULES_REPEALED, PRO_RULES_IN_FORCE,
    PRO_RULES_MADE, PRO_RULES_PUBLISHED, PRO_RULES_PUBLIC_TOTAL,
    PRO_NORM_ISSUED, PRO_NORM_REPEALED, PRO_NORM_IN_FORCE,
    PRO_NORM_MADE, PRO_NORM_PUBLISHED, PRO_NORM_PUBLIC_TOTAL,
    PRO_LIC_ITEMS_LAST, PRO_LIC_ITEMS_CHANGE, PRO_LIC_DECISIONS,
    PRO_SVC_ITEMS_LAST, PRO_SVC_ITEMS_CHANGE, PRO_SVC_DECISIONS,
    PRO_PEN_ITEMS_LAST, PRO_PEN_ITEMS_CHANGE, PRO_PEN_DECISIONS,
    PRO_COMP_ITEMS_LAST, PRO_COMP_ITEMS_CHANGE, PRO_COMP_DECISIONS,
    PRO_FEES_ITEMS_LAST, PRO_FEES_ITEMS_CHANGE, PRO_FEES_AMOUNT,
    PRO_PROC_ITEMS, PRO_PROC_AMOUNT,
    PRO_NFIELDS
};

/* A row of table 二: one thing (规章, 行政许可, ...) and its fields. */
struct rpt_pro_row {
    const char *group;        /* JSON group: "rules", "normative", "licensing", ... */
    const char *label;        /* 规章, 行政规范性文件, 行政许可, ... (2021 wording) */
    const char *label_2019;   /* the 2019 wording where it differs, else NULL */
    const char *item;         /* 第二十条第（一）项 ... */
};
struct rpt_pro_field_def {
    int row;                  /* index into rpt_pro_rows */
    const char *key;          /* JSON key within the group: "issued", "decisions", ... */
    const char *header;       /* column header: 本年制发件数, 本年处理决定数量, ... */
    unsigned layouts;         /* RPT_LAYOUT_BIT()s whose national table prints it */
    bool amount;              /* 万元: need not be whole */
};
extern const struct rpt_pro_row rpt_pro_rows[];
extern const int rpt_pro_nrows;
extern const struct rpt_pro_field_def rpt_pro_fields[PRO_NFIELDS];

/* ---- table 三: applications (7 applicant columns) ---------------------- */
#define RPT_NCOLS 7
enum rpt_col { COL_NATURAL, COL_COMMERCIAL, COL_RESEARCH, COL_PUBLIC_INTEREST,
               COL_LEGAL_SERVICES, COL_OTHER, COL_TOTAL };
extern const char *const rpt_col_keys[RPT_NCOLS];    /* "natural_person", ..., "total" */
extern const char *const rpt_col_labels[RPT_NCOLS];  /* 自然人, 商业企业, ..., 总计 */

enum rpt_app_row {
    APP_NEW, APP_CARRIED_IN,
    APP_GRANTED, APP_PARTLY,
    APP_W_STATE_SECRET, APP_W_PROHIBITED, APP_W_SECURITY, APP_W_THIRD_PARTY,
    APP_W_INTERNAL, APP_W_PROCESS, APP_W_ENFORCEMENT, APP_W_ADMIN_QUERY,
    APP_U_NOT_HELD, APP_U_NEEDS_CREATION, APP_U_UNCLEAR,
    APP_N_PETITION, APP_N_REPEATED, APP_N_PUBLICATION, APP_N_EXCESSIVE, APP_N_RECONFIRM,
    APP_O_NO_SUPPLEMENT, APP_O_FEE_UNPAID, APP_O_OTHER,
    APP_HANDLED_TOTAL, APP_CARRIED_OUT,
    APP_NROWS
};
struct rpt_app_row_def {
    const char *group;       /* JSON group ("withheld", ...) or NULL for a top-level row */
    const char *key;         /* JSON key: "new", "state_secret", ... */
    const char *number;      /* numbering as printed: "一、", "（一）", "1." */
    const char *label;       /* 2021 label without numbering */
    const char *group_label; /* label of the enclosing group: （三）不予公开 → "不予公开" */
    bool outcome;            /* counted in handled_total (rule R2) */
    bool in_2019;            /* printed in the 2019 layout (its （六） is one row: other.other) */
};
extern const struct rpt_app_row_def rpt_app_rows[APP_NROWS];

/* ---- table 四: review and litigation ---------------------------------- */
enum rpt_rl_group { RL_REVIEW, RL_LIT_DIRECT, RL_LIT_AFTER_REVIEW, RL_NGROUPS };
enum rpt_rl_col { RL_UPHELD, RL_CORRECTED, RL_OTHER, RL_PENDING, RL_TOTAL, RL_NCOLS };
extern const char *const rpt_rl_group_keys[RL_NGROUPS];   /* "review", ... */
extern const char *const rpt_rl_group_labels[RL_NGROUPS]; /* 行政复议, 未经复议直接起诉, 复议后起诉 */
extern const char *const rpt_rl_col_keys[RL_NCOLS];       /* "upheld", ... */
extern const char *const rpt_rl_col_labels[RL_NCOLS];     /* 结果维持, ... */

/* ---- the 2008 layout and narrative counts: legacy keys ----------------- */
struct rpt_legacy_def {
    const char *key;            /* "applications.received", ... */
    const char *labels[6];      /* how reports write it (first is the canonical label), NULL-ended */
    const char *parent;         /* key this one is a part of (for indenting and L2), or NULL */
    bool amount;                /* 万元 */
};
extern const struct rpt_legacy_def rpt_legacy_defs[];
extern const int rpt_legacy_n;
int rpt_legacy_index(const char *key);     /* -1 when unknown */
const char *rpt_legacy_unit(int i);        /* 件, 条, 次, 人, 个, 人次, 万元 */

/* ---- problems ---------------------------------------------------------- */
enum rpt_severity { RPT_WARNING, RPT_ERROR };
struct rpt_problem {
    char *rule;       /* "R1", ..., or "READ" for what the reader could not fit */
    enum rpt_severity severity;
    char *where;      /* "三/科研机构", "二/行政许可", ... */
    char *message;    /* with the numbers */
};

/* ---- what a published report carries besides its figures --------------
 * The JSON of a published report (GET /api/v1/public/reports/:year, the
 * portal's report.json) adds the narrative sections staff write and the
 * facts of its publication; `report read` takes them back (json_in.c). */
enum rpt_narr { RPT_NARR_OVERVIEW, RPT_NARR_PROACTIVE, RPT_NARR_REQUESTS, RPT_NARR_MANAGEMENT,
                RPT_NARR_PLATFORM, RPT_NARR_SUPERVISION, RPT_NARR_PROBLEMS, RPT_NARR_OTHER, RPT_NNARR };
/* "overview" (section 一's opening), its five parts "proactive" (主动公开),
 * "requests" (依申请公开), "management" (政府信息管理), "platform" (平台建设),
 * "supervision" (监督保障), then "problems" (五), "other" (六). */
extern const char *const rpt_narr_keys[RPT_NNARR];
extern const char *const rpt_narr_headings[RPT_NNARR];  /* 一、总体情况, （一）主动公开, ... */
/* The report as a document (issue 18): its 文号, the addressee (the
 * supervising office, 主送) and the introduction (the report's basis, where
 * it can be downloaded, whom to ask). JSON: "document": {"doc_no", "addressee",
 * "introduction"}, each text of at most RPT_DOCF_MAX characters. */
enum rpt_docf { RPT_DOC_NO, RPT_DOC_ADDRESSEE, RPT_DOC_INTRO, RPT_NDOCF };
extern const char *const rpt_docf_keys[RPT_NDOCF];    /* "doc_no", "addressee", "introduction" */
extern const char *const rpt_docf_labels[RPT_NDOCF];  /* 文号, 主送, 引言 */
#define RPT_DOCF_MAX 2000
#define RPT_NARR_MAX 20000   /* characters of one section (the console's textarea) */
struct rpt_publication {
    int version;                  /* 0: not published (no "publication" key) */
    char *published_at, *first_published_at, *correction_note;   /* owned; NULL when absent */
};

/* ---- the model --------------------------------------------------------- */
typedef struct rpt {
    char *source;                 /* the file it was read from (not in the JSON) */
    char *agency;                 /* NULL when not found */
    int year;                     /* 0 when not found */
    enum rpt_layout layout;
    double pro[PRO_NFIELDS];
    double app[APP_NROWS][RPT_NCOLS];
    double rl[RL_NGROUPS][RL_NCOLS];
    double *legacy;               /* [rpt_legacy_n] */
    double *legacy_cum;           /* [rpt_legacy_n]: cumulative column (历年累计) */
    bool *legacy_from_text;       /* [rpt_legacy_n]: taken from the narrative */
    struct rpt_problem *problems;
    size_t nproblems, cap_problems;
    char *narrative[RPT_NNARR];   /* owned; NULL when the JSON names no such section */
    bool has_narrative;           /* a "narrative" object was given (it may be empty) */
    char *doc[RPT_NDOCF];         /* owned; NULL when absent */
    bool has_document;            /* a "document" object was given */
    struct rpt_publication pub;
} rpt;

rpt *rpt_new(void);               /* every value RPT_NULL */
void rpt_free(rpt *r);
rpt *rpt_clone(const rpt *r);
void rpt_set_agency(rpt *r, const char *agency);
void rpt_set_source(rpt *r, const char *source);
void rpt_add_problem(rpt *r, const char *rule, enum rpt_severity sev, const char *where,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void rpt_clear_problems(rpt *r);
size_t rpt_count_errors(const rpt *r);

/* Whether table 二 prints field f for this report: the fields of its layout's
 * national table (2019 keys for the 2019 layout, 2021 keys otherwise), plus any
 * other field that holds a value (reports in the wild mix the two). */
bool rpt_pro_field_shown(const rpt *r, int f);
/* Whether any field of table 二's row `row` is shown (rpt_pro_field_shown). */
bool rpt_pro_row_shown(const rpt *r, int row);

/* Report JSON v1 (docs/domain.md §5), exactly: keys fixed, null for absent;
 * "narrative" and "publication" follow when the report carries them. */
void rpt_to_json(const rpt *r, buf *out, bool pretty);
/* Reads report JSON v1 back (a single object): what rpt_to_json writes, and
 * what the API adds ("narrative", "publication", the console's "errors",
 * which must equal the errors among "problems"). */
int rpt_from_json(const char *text, size_t n, const char *source, rpt **out, err *e);

/* ---- section 一 drafted from the records (compose.c) --------------------
 * The facts of a year besides tables 二–四 (the store gathers them: documents
 * published by Art. 20 item and by channel, interpretations, channels,
 * copies delivered to the archive and the library). */
#define RPT_FACT_CHANNELS 8
struct rpt_facts {
    int year;
    int64_t published;                  /* documents published in the year (not withdrawn) */
    int64_t by_item[16];                /* [1..15]: of them, by Art. 20 item */
    int64_t interpretations;            /* of them, 政策解读 */
    int64_t by_channel[RPT_FACT_CHANNELS]; /* documents sent, by enum chan_kind (publish/channel.h) */
    int64_t channels;                   /* channels the agency keeps */
    int64_t copies_delivered;           /* documents in copies delivered in the year */
};
/* Drafts the five parts of section 一 (RPT_NARR_PROACTIVE ..
 * RPT_NARR_SUPERVISION) into out[0..4] (appended to) from the report's tables
 * (computed from the records), the facts, and the sentences of the registers
 * of talking with the public (engage_text, may be NULL). Every figure is one
 * of those counts; the office edits the text before sign-off. */
void rpt_compose(const rpt *r, const struct rpt_facts *f, const char *engage_text, buf out[5]);
/* The introduction of the report as a document: its basis (Art. 49, 50),
 * the period, where it is published (url, may be "") and whom to ask
 * (address, phone; "" leaves them out). */
void rpt_compose_intro(const char *agency, int year, const char *url, const char *address, const char *phone,
                       buf *out);

/* ---- reading published reports (read.c) -------------------------------
 * Text (| separators, one cell per line, tabs) or HTML (libxml2), UTF-8.
 * Finds agency, year and layout; fills the tables or legacy keys; adds
 * "READ" problems for what did not fit. Returns GK_EINVAL with e naming the
 * file and the place when the input is not a report (empty, binary, invalid
 * UTF-8, a number too large, a truncated table, no report content).
 * Other formats and encodings go through rpt_load (below). */
int rpt_read(const char *data, size_t n, const char *source, rpt **out, err *e);

/* ---- checking (check.c): the rules of docs/domain.md §5 ---------------- */
/* The rules, in order (R1–R6, L1–L3, X1–X2): id, severity, statement in Chinese. */
struct rpt_rule_info {
    const char *id;
    enum rpt_severity severity;
    const char *statement;
};
extern const struct rpt_rule_info rpt_rules[];
extern const int rpt_nrules;
/* Runs every single-report rule on r and appends the findings to r->problems
 * (after dropping earlier findings of those rules, so checking is idempotent;
 * "READ" problems stay). Null figures: an equation whose operands are all null
 * is skipped; in tables 三/四 one with some null operands is an error only if
 * no values of the missing figures could make it hold, otherwise the report is
 * incomplete, not wrong: one warning per rule lists such places. In the 2008
 * tables a missing part is a row the province's variant lacks (total = sum of
 * the given parts); counts from narrative text only require parts ≤ total.
 * See check.c for the details. */
void rpt_check(rpt *r);
/* Whether the 2008 rules L1, L2 (sums) and L3 (channels ≤ total ≤ their
 * sum) that touch a legacy key i with involved[i] hold in both columns of r
 * (legacy, legacy_cum), judged as rpt_check judges them; an equation that
 * cannot be judged (nulls) holds. involved has rpt_legacy_n entries. The
 * reader uses it to choose among readings of run-together 2008 cells. */
bool rpt_legacy_consistent(const rpt *r, const bool *involved);
/* Cross-year rules (X1, X2) over reports of one agency; findings go to the later year's report.
 * Only consecutive years are compared; earlier X findings on these reports are replaced. */
void rpt_check_across(rpt **reps, size_t n);
/* Short name of a row of table 三 for messages: "（一）予以公开", "不予公开 1.属于国家秘密". */
void rpt_app_row_name(int row, buf *out);

/* ---- rendering (render.c) --------------------------------------------- */
enum rpt_format { RPT_FMT_TXT, RPT_FMT_MD, RPT_FMT_HTML, RPT_FMT_JSON, RPT_FMT_XLSX };
int rpt_format_from_name(const char *s, enum rpt_format *out);
/* Renders into out (all formats but xlsx). */
int rpt_render(const rpt *r, enum rpt_format f, buf *out, err *e);
/* The HTML report's page without its frame (head, style, body): the title,
 * sections and tables, for a page of the portal. */
void rpt_render_html_page(const rpt *r, buf *out);
/* Writes an .xlsx workbook to path. */
int rpt_render_xlsx(const rpt *r, const char *path, err *e);
/* The report as a 公文 (render_gkd.c, through src/docgen): DOCX, or PDF when
 * pdf; out is reset and gets the file's bytes. */
int rpt_render_gkd(const rpt *r, bool pdf, buf *out, err *e);

/* ---- reading back gongkai's own spreadsheets (xlsx_in.c) ---------------
 * Reads an .xlsx workbook (the layout rpt_render_xlsx writes, or a sheet laid
 * out like the national tables) from memory into a model. GK_EINVAL with e
 * naming the file and the part when it is not a workbook or holds no report. */
int rpt_read_xlsx(const char *data, size_t n, const char *source, rpt **out, err *e);

/* Reads any report file from memory: report JSON v1 (starts with '{'), an
 * .xlsx workbook (a zip archive), else a published report (rpt_read). */
int rpt_load(const char *data, size_t n, const char *source, rpt **out, err *e);
/* The text a published report file becomes before it is read (PDF by glyph
 * position, .docx and HTML tables as rows of cells joined by " | ", other
 * encodings as UTF-8): what `gongkai report text` shows. out is reset first;
 * *what names the form ("pdf", "docx", "html", "text", "GB18030", ...; static). */
int rpt_load_text(const char *data, size_t n, const char *source, buf *out, const char **what, err *e);

/* ---- summing (sum.c) ---------------------------------------------------- */
/* Sums reports of one year and layout into a new report; refuses mixed years or layouts
 * (naming the odd file), a report without a year, and the same agency twice.
 * null + number = number, null + null = null. The sum is not checked: call rpt_check. */
int rpt_sum(rpt *const *reps, size_t n, rpt **out, err *e);

/* The key figures a supervising office looks at first, one CSV row per report
 * (agency, year, layout, applications, review, litigation, proactive figures,
 * errors and warnings of r->problems), then a 合计 row when n > 1. RFC 4180
 * quoting, CRLF line ends; bom puts a UTF-8 byte order mark first (Excel). */
void rpt_csv(rpt *const *reps, size_t n, const rpt *total, bool bom, buf *out);

/* ---- the supervising office's run (collect.c) ---------------------------- */
/* Whether two reports give the same figures (layout, year, every table and legacy value; null = null). */
bool rpt_same_figures(const rpt *a, const rpt *b);
/* Index j < i of the first report of the same agency and year as reps[i], or -1.
 * A report without a year duplicates nothing; two without an agency are the
 * same report when their year and figures agree (rpt_same_figures). */
int rpt_duplicate_of(rpt *const *reps, size_t i);
/* Cells of the national tables (二, 三, 四) of r's layout that are null; 0 for
 * the 2008 and narrative layouts, whose rows vary by province. */
int rpt_missing_cells(const rpt *r);

/* The reader's own verdict on a report it read: what `report read` exits
 * with (0 full, 1 partial) and `report collect` prints. Partial when the
 * reader left something unread (a READ error names it) or cells of the
 * layout's national tables are null; *missing gets rpt_missing_cells(r),
 * *unread the READ errors. */
enum rpt_read_status { RPT_READ_FULL, RPT_READ_PARTIAL };
enum rpt_read_status rpt_read_status(const rpt *r, int *missing, int *unread);

struct rpt_collect_item {
    char *path;          /* DIR/..., in path order */
    rpt *r;              /* checked (rpt_check); NULL when the file cannot be read */
    char *error;         /* why not, when r is NULL */
    enum rpt_read_status status;   /* rpt_read_status(r, ...) when r is not NULL */
    int missing;         /* rpt_missing_cells(r) */
    int unread;          /* READ errors of r */
    int dup_of;          /* index of the earlier item of the same agency and year, or -1 */
    bool conflict;       /* a duplicate whose figures differ from dup_of's */
};
/* Reads every report file (.txt .html .htm .pdf .docx .xlsx .json) under dir,
 * recursively, in path order. A file that cannot be read is an item with an
 * error, not a failure; GK_EIO/GK_EINVAL only when the folder itself cannot be
 * walked. *out is malloc'ed: free with rpt_collect_free. */
int rpt_collect(const char *dir, struct rpt_collect_item **out, size_t *nout, err *e);
void rpt_collect_free(struct rpt_collect_item *v, size_t n);
/* rpt_collect reporting each file read on progress (base/progress.h; may be NULL). */
struct gk_progress;
int rpt_collect_progress(const char *dir, const struct gk_progress *progress, struct rpt_collect_item **out,
                         size_t *nout, err *e);
/* The rpt_csv table (one row per report, a 合计 row from total when not NULL)
 * as an .xlsx workbook at path. */
int rpt_xlsx_table(rpt *const *reps, size_t n, const rpt *total, const char *path, err *e);

#endif

/*
 * report — the reader's own state and the functions its four files share
 * (read.c, read_dict.c, read_rows.c, read_seg.c). Include it only there; the
 * module's interface is report.h, and what the other readers share with them
 * is read_int.h.
 *
 *   read_dict.c  the dictionary of labels, folding (full-width, pinyin,
 *                traditional characters), cells as numbers or text, matching
 *   read_rows.c  rows: opening, filling, closing; tables 二, 三, 四 and 2008
 *                at their end, with runs decoded by read_decode.c
 *   read_seg.c   cells of labels and numbers run together, cut by the labels
 *                in them; labels wrapped over lines
 *   read.c       a text cell as named states, labels applied, values, lines
 *                into cells, rpt_read
 */
#ifndef GONGKAI_REPORT_READ_STATE_INTERNAL_H
#define GONGKAI_REPORT_READ_STATE_INTERNAL_H

#include "report/read_int.h"

#define RD_MAX_DIGITS 15          /* a double holds 15 significant digits exactly */
#define NORM_MAX 64               /* code points of a cell that can still be a label */
#define ROW_MAXV 8
#define ROW_POOL 256              /* digits of a row's runs kept for decoding */
#define T4_MAXTOK 32              /* tokens of table 四 kept for decoding */
#define SEG_MAX 4096              /* pieces of one cell cut by its labels (more: narrative) */
#define READINGS_SHOWN 6          /* readings listed in a problem */
#define T2_MAXH 8

/* ---- the dictionary (read_dict.c) ---------------------------------------- */

enum ek {
    EK_SECTION, EK_T2_ITEM, EK_T2_HDRROW, EK_T2_HDR, EK_T2_ROW, EK_T3_ROW, EK_T3_GROUP,
    EK_T3_HDR, EK_T4_GROUP, EK_T4_HDR, EK_LEG, EK_LEG_HDR, EK_LEG_VALHDR, EK_LEG_CUMHDR, EK_UNIT,
};
enum cx { CX_NONE, CX_T2, CX_T3, CX_T4, CX_LEG, CX_END };
enum t3g { G_RESULTS, G_WITHHELD, G_UNAVAILABLE, G_NOT_PROCESSED, G_OTHER, G_NONE };

struct entry {
    uint8_t kind;
    int16_t id;
    uint8_t ncp;
    int next_same;                /* next entry with the same normalised text, or -1 */
    int next_len;                 /* next entry of the same length, or -1 */
    uint32_t cp[NORM_MAX];
    char key[NORM_MAX * 4 + 1];
    uint16_t klen;
};

#define DICT_MAX 512
#define HASH_SIZE 2048

/* Every label the reader knows, built once (rd_dict_load); entry e is rd_dict[e]. */
extern struct entry rd_dict[DICT_MAX];
extern int rd_ndict;
/* Builds the dictionary once per process (thread-safe). */
void rd_dict_load(void);

/* First two code points of the labels, for finding labels inside run-together text. */
#define PAIR_SIZE 4096
extern uint64_t rd_pair_len[PAIR_SIZE];   /* bit L-1: some label of L code points starts with this pair */
extern uint8_t rd_pair_dist[PAIR_SIZE];   /* some distinctive label (rd_distinctive) starts with it */
extern const char *const rd_units[];      /* unit cells (单位, 件, 万元 ...) */
extern const size_t rd_nunits;

unsigned rd_pair_hash(uint32_t a, uint32_t b);
bool rd_is_punct_cp(uint32_t c);
bool rd_is_space_cp(uint32_t c);
bool rd_is_numeral(uint32_t c);
int rd_norm(const char *s, size_t n, uint32_t *cp, char *key, uint16_t *klen);
int rd_dict_find(const char *key, size_t klen);
bool rd_to_simplified(buf *text);
void rd_fold_text(const char *s, size_t n, buf *out, int *trad);
int rd_fuzzy_find(const uint32_t *cp, int ncp);
int rd_prefix_find(const uint32_t *cp, int ncp, const char *key, size_t klen);
bool rd_distinctive(int e);

/* ---- cells (read_dict.c) --------------------------------------------------- */

enum tk { TK_TEXT, TK_NUM, TK_NULLV, TK_BLANK, TK_BIGNUM };
struct tok {
    const char *s;
    size_t n;
    int kind;
    double v;
    int ndig;
    const char *ds;       /* the cell when it is nothing but ASCII digits (a run that may */
    int dn;               /* hold several cells run together), else NULL / 0 */
    bool glued;           /* printed against a label or another number, no separator */
    bool neg;             /* ds follows a minus sign */
};
/* The unit a number cell ends with: money in 元 or 万元, or a count (件, 笔). */
enum unit { U_NONE, U_YUAN, U_WAN, U_COUNT };
int rd_cell_unit(const char *s, size_t n);
int rd_classify(const char *s, size_t n, double *v, int *ndig);
void rd_set_digits(struct tok *t);

/* ---- reader state ------------------------------------------------------------ */

/* A 2008 row whose year and cumulative figures ran together ("12234": 1|2234
 * or 12|234): its readings wait for the whole table (rd_end_leg). */
#define RD_LEG_MAXPEND 16         /* such rows a table may have */
#define RD_LEG_MAXREAD 8          /* readings of one such row */
#define RD_LEG_MAXCOMB 65536      /* combinations of readings tried */
struct rd_legpend {
    int key;                      /* legacy key */
    int cur;                      /* which of the two cells is the year's (the other is cumulative) */
    struct rd_reading read[RD_LEG_MAXREAD];
    int nr;
    char label[120];
    char digits[96];
};

enum rk { RK_NONE, RK_T2, RK_T3, RK_LEG };

struct row {
    int kind;
    int id;               /* pro row, app row (-1: a group's subtotal), legacy def */
    bool tentative;       /* a group label that may turn out to be a row (2019 （六）) */
    int line;
    int label_tok;        /* token index of the label on its line */
    int nv;
    double v[ROW_MAXV];
    struct rd_dtok dt[ROW_MAXV];   /* each value as a token for rd_split (runs in pool) */
    bool has_run;                  /* some value is a run of more than one digit */
    bool has_glued;                /* ... printed with no separator around it */
    bool yuan;                     /* a unit cell 元 (not 万元) stood after the label */
    char pool[ROW_POOL];
    int pool_len;
    char label[120];
};

typedef struct rd {
    const char *source;
    rpt *r;
    err *e;
    int failed;           /* GK_EINVAL once an error is set */
    int ctx;              /* enum cx: the table being read */
    struct row row;       /* the row being filled (kind RK_NONE: none) */
    struct {              /* table 二: the headers of its columns */
        int hdr[T2_MAXH];
        int nh;
        bool l21, l19;    /* a header only the 2021 / 2019 layout has */
        bool yuan;        /* the amount column says 元 */
    } t2;
    struct {              /* table 三 */
        int group;        /* enum t3g */
        int rows;         /* rows read */
        int last;         /* last row read */
        bool seen[APP_NROWS];
        bool split, single6;   /* (六) as three rows (2021) / as one (2019) */
        struct rd_t3row *dec;  /* [APP_NROWS] once a row needs decoding */
        bool decode, blank_done;
    } t3;
    struct {              /* table 四: fifteen numbers without row labels */
        bool active, hdr;
        int pos, pending;
        struct rd_dtok tok[T4_MAXTOK];
        int ntok;
        bool run, jumped;
        char pool[ROW_POOL];
        int pool_len;
    } t4;
    struct {              /* cutting run-together text by its labels */
        bool active;      /* reading the pieces of a cell: none is cut again */
        int lastnum;      /* last arabic row number ("2.") seen */
        struct seg *v;
        size_t n, cap;
    } seg;
    struct {              /* the 2008 statistics tables */
        int top;          /* last top-level legacy key (parent context) */
        bool hdr_phase, cum;
        int valhdrs, cum_pos;
        int keys;
        int valhdr_line;  /* line of the last value-column header (本年, 2017) */
        struct rd_legpend *pend;   /* rows whose two figures ran together with */
        int npend;                 /* several readings: chosen at the end by L1–L3 */
    } leg;
    struct {              /* text that may be the start of a label broken across cells */
        char key[NORM_MAX * 4 + 1];
        uint32_t cp[NORM_MAX];
        uint16_t len;
        int ncp;
        bool live;
    } pend;
    struct {              /* the rest of a wrapped label still to come */
        char rest[NORM_MAX * 4 + 1];
        size_t len;
        bool live;
    } wrap;
    buf join;             /* carried line + first cell */
    buf carry;
    struct tok *toks;
    size_t ntoks, cap_toks;
    int line;             /* current source line */
    const int *line_of;
} rd;

/* The entry a label means here (rows of the same words in several tables). */
int rd_choose(rd *st, int e);

/* ---- rows (read_rows.c) -------------------------------------------------------- */

const char *rd_app_where(int id, char *w, size_t cap);
bool rd_runs_can_fill(const struct row *w, int ncells);
void rd_close_row(rd *st);
void rd_open_row(rd *st, int kind, int id, const struct tok *t, int tok_idx, bool tentative);
int rd_row_capacity(const struct row *w, const rd *st);
void rd_row_put(rd *st, double v, const char *ds, int dn, bool glued, bool neg);
void rd_end_t3(rd *st, bool at_eof);
void rd_end_t4(rd *st, bool at_eof);
/* After the last line: the 2008 rows waiting for L1–L3 are decided or reported. */
void rd_end_leg(rd *st);
void rd_set_ctx(rd *st, int ctx);
void rd_t4_put(rd *st, double v, const char *ds, int dn);

/* ---- run-together text (read_seg.c) ---------------------------------------------- */

enum sk { SK_TEXT, SK_LABEL, SK_NUM };
struct seg {
    uint8_t kind;
    int entry;
    const char *s;
    size_t n;
};
void rd_push_tok(rd *st, const char *s, size_t n);
bool rd_is_digit_c(char c);
bool rd_has_digit(const char *s, size_t n);
int rd_lead_number(const char *s, size_t n);
bool rd_segment(rd *st, const char *s, size_t n, int idx, bool waiting);
bool rd_wrapped_label(rd *st, const char *key, size_t klen, int ncp, struct tok *t, int idx);
bool rd_headers_run_together(rd *st, struct tok *t, int idx);

/* ---- cells read (read.c) --------------------------------------------------------- */

bool rd_handle_text(rd *st, struct tok *t, int idx);
void rd_apply_entry(rd *st, int e, struct tok *t, int idx);
void rd_handle_value(rd *st, struct tok *t, int idx);
void rd_process_tokens(rd *st);

#endif

/*
 * limits — the one table of limits on outside input (forms, the JSON API, the
 * command line, imports). Every limit is counted in characters (Unicode code
 * points), the unit people see and the one the forms' maxlength counts;
 * the byte arrays that keep such fields are sized LIM_BYTES(chars) so that
 * any text within the limit fits whole. Past a limit an input is refused
 * with the field and the limit named; nothing is ever cut.
 * docs/operations.md ("Limits on input") lists the same rows for people.
 */
#ifndef GONGKAI_LIMITS_H
#define GONGKAI_LIMITS_H

#include "base/base.h"

/* Bytes a char array needs for `chars` code points of UTF-8 and the NUL. */
#define LIM_BYTES(chars) (4 * (chars) + 1)
/* A limit as a string literal, for HTML maxlength attributes. */
#define LIM_S(x) LIM_S_(x)
#define LIM_S_(x) #x

/* The years gongkai keeps dates in, for every year filter, year field and
 * year check (web filters, report JSON, 文号, the command line): the
 * working-day calendar's range (calendar.h's CAL_MIN_YEAR and CAL_MAX_YEAR
 * are these), so an application registered in any year the calendar can
 * count a deadline in is found by a filter of that year. A filter's first
 * year may be later when the law says so (reports from 2008, the 2008
 * Regulation; applications from 2019, the revised one). */
#define LIM_YEAR_FIRST 1949     /* the first year of a 文号 or a 成文日期 */
#define LIM_YEAR_LAST 2199
/* Whether y is a year of [first, LIM_YEAR_LAST]. */
static inline bool lim_year_ok(int64_t y, int64_t first) { return y >= first && y <= LIM_YEAR_LAST; }

/* The limits, in characters. A struct field guarded by one of them is
 * char x[LIM_BYTES(LIM_...)]. */
#define LIM_APP_NAME 100        /* applicant's name or organisation */
#define LIM_APP_ID_NUMBER 30    /* identity document number */
#define LIM_APP_PHONE 30
#define LIM_APP_EMAIL 100
#define LIM_APP_ADDRESS 200
#define LIM_APP_REQUEST 2000    /* what information is asked for */
#define LIM_APP_SUP_WHAT 500    /* what the applicant must supplement */
#define LIM_APP_PARTY 100       /* third party or agency consulted */
#define LIM_APP_APPROVER 50     /* who approved an extension */
#define LIM_APP_REASON 500      /* why an extension, why withdrawn */
#define LIM_APP_DETAIL 2000     /* what is provided, or why not */
#define LIM_APP_REFER 100       /* the agency responsible (Art. 36 (5)) */
#define LIM_APP_DL_REF 100      /* delivery: tracking number, who signed, address sent to */
#define LIM_APP_DL_PROOF 500    /* delivery: the proof in words */
#define LIM_CASE_BODY 100       /* 复议机关 / 法院 */
#define LIM_CASE_NO 50          /* 案号 */
#define LIM_CASE_NOTE 500
#define LIM_DOC_TITLE 300       /* a document's title */
#define LIM_DOC_ISSUER 100      /* 发文机关 / 发布机构 */
#define LIM_USER_NAME 40        /* a staff member's name */
#define LIM_TOKEN_NAME 60       /* what an API token is for */
#define LIM_AGENCY_NAME 60      /* the agency's name */
#define LIM_CHAIN_WHO 50        /* a handler or approver (login or name) */
#define LIM_CHAIN_NOTE 500      /* why reassigned, why a draft is returned */
#define LIM_CHAIN_LETTER 4000   /* the handler's draft text of the letter */
#define LIM_DOC_ATTR_REASON 500 /* why a document is not disclosed actively */
/* identifiers: ASCII once checked, kept in smaller arrays (lim_copy refuses
 * what does not fit, in bytes, before anything is cut) */
#define LIM_USER_LOGIN 32
#define LIM_AGENCY_CODE 32
#define LIM_INDEX_PATTERN 64

enum lim_field {
    LIM_F_APP_NAME, LIM_F_APP_ID_NUMBER, LIM_F_APP_PHONE, LIM_F_APP_EMAIL, LIM_F_APP_ADDRESS,
    LIM_F_APP_REQUEST, LIM_F_APP_SUP_WHAT, LIM_F_APP_PARTY, LIM_F_APP_APPROVER, LIM_F_APP_EXT_REASON,
    LIM_F_APP_DETAIL, LIM_F_APP_REFER, LIM_F_APP_WITHDRAW_REASON,
    LIM_F_CASE_BODY, LIM_F_CASE_NO, LIM_F_CASE_NOTE,
    LIM_F_DOC_TITLE, LIM_F_DOC_ISSUER, LIM_F_USER_NAME, LIM_F_TOKEN_NAME, LIM_F_AGENCY_NAME,
    LIM_F_USER_LOGIN, LIM_F_AGENCY_CODE, LIM_F_AGENCY_ORG_CODE, LIM_F_AGENCY_INDEX_PATTERN,
    LIM_F_CHAIN_HANDLER, LIM_F_CHAIN_REASON, LIM_F_CHAIN_COMMENT, LIM_F_CHAIN_LETTER, LIM_F_DOC_ATTR_REASON,
    LIM_F_APP_DL_REF, LIM_F_APP_DL_PROOF,
    LIM_NFIELDS
};

struct lim_def {
    const char *key;           /* the form and JSON field: "name" */
    const char *opt;           /* the command-line option: "--name"; err.where is it in the
                                * domain's terms ("--id-number" -> field "id_number") */
    const char *label;         /* what the user interface calls it: 姓名或名称 */
    int max;                   /* characters */
    const char *used;          /* where the field is typed */
};
extern const struct lim_def lim_fields[LIM_NFIELDS];

/* Checks a value for field f: valid UTF-8 and at most max characters (NULL is
 * empty). GK_EINVAL otherwise, where = the field's option, message e.g.
 * "at most 100 characters (this one has 101)". */
int lim_check(enum lim_field f, const char *value, err *e);
/* lim_check, then copies value whole into dst (cap bytes). A value that passed
 * always fits a LIM_BYTES array; one that does not fit is refused (GK_EINVAL),
 * never cut. NULL copies as "". */
int lim_copy(enum lim_field f, char *dst, size_t cap, const char *value, err *e);
/* The same refusal for people, in Chinese, appended to out:
 * "姓名或名称不能超过100个字（现为101个字）". Nothing when value is within the limit. */
void lim_msg_cn(enum lim_field f, const char *value, buf *out);

#endif

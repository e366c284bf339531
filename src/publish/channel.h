/*
 * publish — where a published document goes besides the portal (issue 18):
 * the agency's channels (政务微信公众号, 政务微博, 政府公报, newspapers,
 * radio and television, notice boards), what each channel needs from
 * gongkai (text and images for new media, the contents of a gazette issue),
 * and the copies for the archive and the library (档案馆、图书馆) within the
 * period an agency's rule sets. The rules are the tables below; the store
 * (store.h, "channels and archive copies") keeps what was sent and
 * delivered.
 */
#ifndef GONGKAI_PUBLISH_CHANNEL_H
#define GONGKAI_PUBLISH_CHANNEL_H

#include "base/base.h"
#include "calendar/calendar.h"

/* ---- channels -------------------------------------------------------------
 * Kinds of channel, each with the legacy key of the 2008 report layout it
 * counts under (table 二 "政府公报公开政府信息数", "政务微博…", "政务微信…",
 * "其他方式…") and what gongkai produces for it. Art. 23 of the Regulation
 * (《政府信息公开条例》第二十三条) names 政府公报、政府网站、政务新媒体、
 * 新闻发布会以及广播、电视 as the channels of publication. */
enum chan_kind { CHAN_WECHAT, CHAN_WEIBO, CHAN_GAZETTE, CHAN_NEWSPAPER, CHAN_RADIO_TV, CHAN_BOARD, CHAN_NKINDS };
enum chan_output {
    CHAN_OUT_MEDIA,           /* new media: the post's text and the document's images */
    CHAN_OUT_ISSUE,           /* the gazette: the issue's contents (CSV, document) */
    CHAN_OUT_TEXT,            /* the text only (newspaper, radio/TV script, notice board) */
};
struct chan_kind_def {
    const char *key;          /* wechat, weibo, gazette, newspaper, radio_tv, board */
    const char *label;        /* 政务微信, 政务微博, 政府公报, 报纸, 广播电视, 公开栏 */
    const char *legacy;       /* proactive.wechat, ... (the 2008 layout's row) */
    enum chan_output output;
    int text_max;             /* characters of the post's text (0 = the whole text) */
};
extern const struct chan_kind_def chan_kinds[CHAN_NKINDS];
/* A kind by key or label; GK_EINVAL naming `where` and the known keys. */
int chan_kind_parse(const char *s, const char *where, enum chan_kind *out, err *e);
/* A channel's name and a send's reference, in characters. */
#define CHAN_NAME_MAX 100
#define CHAN_REF_MAX 200

/* The post of a document on a text channel: title, 文号 and date, the body cut
 * at the kind's text_max characters (at a character, with "……" and the
 * portal's link when cut), and the link. out is appended to. */
struct chan_doc {
    const char *title, *docno, *issuer, *body, *url;   /* url: the document on the portal, "" = none */
    gk_day published;
};
void chan_post_text(enum chan_kind k, const struct chan_doc *d, buf *out);

/* Whether an attachment is an image a new-media post carries (by its name). */
bool chan_is_image(const char *name);

/* ---- archive and library copies -------------------------------------------
 * Copies of what is published go to the archive and the public library
 * (《政府信息公开条例》第二十五条: 查阅场所 at the 国家档案馆 and 公共图书馆;
 * local rules: "向同级档案馆、图书馆提供相应纸质文本和电子文本"), within a
 * period in working days from publication that the agency sets (setting
 * archive.workdays; default ARCHIVE_DEFAULT_WORKDAYS, the 20 working days of
 * Art. 26). */
enum arch_recipient { ARCH_ARCHIVE, ARCH_LIBRARY, ARCH_NRECIPIENTS };
struct arch_recipient_def {
    const char *key;          /* archive, library */
    const char *label;        /* 档案馆, 图书馆 */
};
extern const struct arch_recipient_def arch_recipients[ARCH_NRECIPIENTS];
int arch_recipient_parse(const char *s, const char *where, enum arch_recipient *out, err *e);
#define ARCHIVE_DEFAULT_WORKDAYS 20
#define ARCHIVE_MAX_WORKDAYS 250
/* The period from the setting's text ("" or NULL: the default); GK_EINVAL
 * when it is not a whole number from 1 to ARCHIVE_MAX_WORKDAYS. */
int arch_workdays_parse(const char *s, int *out, err *e);
/* The last day a copy of a document published on `published` may be
 * delivered: `workdays` working days after it on the agency's calendar. */
int arch_due(const cal_t *cal, gk_day published, int workdays, gk_day *out, err *e);

/* One document of a copy package, as the package lists it. */
struct arch_doc {
    int64_t id;
    const char *index_no, *title, *docno, *issuer, *category, *genre, *body;
    gk_day written, published, due;
    int item;                 /* Art. 20 item, 0 = none */
    size_t nfiles;            /* attachments */
    const char *const *file_names;   /* [nfiles] */
    const buf *files;                /* [nfiles]: their contents */
};
/* The package's metadata: a CSV (header row, one row per document, UTF-8
 * with BOM for spreadsheet programs) and an XML document (<copy-package>
 * with one <document> each, the attachments named). */
void arch_metadata_csv(const struct arch_doc *docs, size_t n, buf *out);
void arch_metadata_xml(const struct arch_doc *docs, size_t n, const char *agency, enum arch_recipient to,
                       int64_t package_id, const char *created, buf *out);
/* Writes the package as a ZIP at path: metadata.csv, metadata.xml, and per
 * document NNN/正文.txt and NNN/附件/NAME. GK_EIO naming path on failure
 * (no half-written file is left). */
int arch_package_write(const char *path, const struct arch_doc *docs, size_t n, const char *agency,
                       enum arch_recipient to, int64_t package_id, const char *created, err *e);

/* The gazette issue's contents: one row per document (序号, 标题, 文号,
 * 发文机关, 成文日期, 发布日期, 索引号) as CSV. */
struct chan_issue_row {
    const char *title, *docno, *issuer, *index_no;
    gk_day written, published;
};
void chan_issue_csv(const struct chan_issue_row *rows, size_t n, buf *out);

#endif

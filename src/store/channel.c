/*
 * store — channels, what was sent to them, archive and library copies
 * (migration 027; store.h, "channels and archive copies"), and the facts of
 * a year the report's section 一 is drafted from. publish/channel.h holds the
 * rules (kinds, recipients, the period); these functions keep the records,
 * each change in one transaction with its audit entry, every query scoped by
 * agency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/channel.h"
#include "publish/publish.h"
#include "report/report.h"
#include "store/doc_internal.h"
#include "store/store_internal.h"

static int kind_of(const char *key)
{
    for (int k = 0; k < CHAN_NKINDS; k++)
        if (strcmp(key, chan_kinds[k].key) == 0)
            return k;
    return -1;
}

/* ---- channels --------------------------------------------------------------- */

struct chan_arg {
    int64_t agency_id;
    int kind;
    const char *name, *actor;
    int64_t *id;
};

static int chan_add_step(store_t *s, const void *arg, err *e)
{
    const struct chan_arg *a = arg;
    int64_t taken = 0;
    int rc = db_query_int(s->db, e, &taken, "SELECT COUNT(*) FROM channel WHERE agency_id = ? AND name = ?", "is",
                          a->agency_id, a->name);
    if (rc)
        return rc;
    if (taken)
        return err_field(e, GK_ESTATE, "name", "the agency already has a channel named '%s'", a->name);
    char now[32];
    store_now(now);
    if ((rc = db_run(s->db, e, a->id,
                     "INSERT INTO channel(agency_id, kind, name, created_at, created_by) VALUES (?, ?, ?, ?, ?) "
                     "RETURNING id", "issss", a->agency_id, chan_kinds[a->kind].key, a->name, now, a->actor)))
        return rc;
    buf j;
    buf_init(&j);
    buf_printf(&j, "{\"kind\":\"%s\",\"name\":", chan_kinds[a->kind].key);
    buf_json_str(&j, a->name);
    buf_putc(&j, '}');
    rc = store_audit_add(s, a->agency_id, a->actor, "channel", *a->id, "added", NULL, j.data, e);
    buf_free(&j);
    return rc;
}

int store_channel_add(store_t *s, int64_t agency_id, int kind, const char *name, const char *actor, int64_t *id,
                      err *e)
{
    if (kind < 0 || kind >= CHAN_NKINDS)
        return err_set(e, GK_EINVAL, "kind", "no such kind of channel");
    if (!name || !*name || !utf8_valid(name, strlen(name), NULL) || utf8_len(name, strlen(name)) > CHAN_NAME_MAX)
        return err_field(e, GK_EINVAL, "name", "a channel's name: 1 to %d characters of UTF-8 text", CHAN_NAME_MAX);
    int64_t tmp;
    struct chan_arg a = {agency_id, kind, name, actor, id ? id : &tmp};
    return store_in_txn(s, chan_add_step, &a, e);
}

static int chan_row(db_stmt *st, struct store_channel *c)
{
    memset(c, 0, sizeof *c);
    c->id = db_col_int(st, 0);
    c->kind = kind_of(db_col_text(st, 1));
    store_copy_col(st, 2, c->name, sizeof c->name);
    store_copy_col(st, 3, c->created_at, sizeof c->created_at);
    c->sends = db_col_int(st, 4);
    return c->kind < 0 ? -1 : 0;
}

#define CHAN_COLS "c.id, c.kind, c.name, c.created_at, (SELECT COUNT(*) FROM channel_send x WHERE x.channel_id = c.id)"

struct chan_list { struct store_channel *v; size_t n, cap; };

static int chan_collect(db_stmt *st, void *arg)
{
    struct chan_list *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    if (chan_row(st, &l->v[l->n]) == 0)
        l->n++;
    return 0;
}

int store_channel_list(store_t *s, int64_t agency_id, struct store_channel **out, size_t *n, err *e)
{
    struct chan_list l = {0};
    int rc = db_collect(s->db, e, chan_collect, &l,
                        "SELECT " CHAN_COLS " FROM channel c WHERE c.agency_id = ? ORDER BY c.id", "i", agency_id);
    if (rc) {
        free(l.v);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

static void chan_one(db_stmt *st, void *arg) { chan_row(st, arg); }

int store_channel_get(store_t *s, int64_t agency_id, int64_t id, struct store_channel *out, err *e)
{
    int rc = db_query_one(s->db, e, chan_one, out,
                          "SELECT " CHAN_COLS " FROM channel c WHERE c.agency_id = ? AND c.id = ?", "ii", agency_id, id);
    if (rc < 0)
        return rc;
    if (!rc || out->kind < 0)
        return err_set(e, GK_ENOTFOUND, "channel", "no channel %lld in this agency", (long long)id);
    return 0;
}

/* ---- sends ------------------------------------------------------------------ */

struct send_arg {
    int64_t agency_id, channel_id, doc_id;
    char sent[11];
    const char *reference, *actor;
    int64_t *id;
};

static void published_day(db_stmt *st, void *arg) { store_copy_col(st, 0, arg, 11); }

static int send_step(store_t *s, const void *arg, err *e)
{
    const struct send_arg *a = arg;
    struct store_channel c;
    int rc = store_channel_get(s, a->agency_id, a->channel_id, &c, e);
    if (rc)
        return rc;
    char pub[11] = "";
    rc = db_query_one(s->db, e, published_day, pub,
                      "SELECT published FROM doc WHERE agency_id = ? AND id = ? AND " STORE_DOC_INDEXED, "ii",
                      a->agency_id, a->doc_id);
    if (rc < 0)
        return rc;
    if (!rc)
        return err_set(e, GK_ESTATE, "doc", "document %lld is not published by this agency (only what is published "
                       "goes to a channel)", (long long)a->doc_id);
    if (strcmp(a->sent, pub) < 0)
        return err_field(e, GK_EINVAL, "date", "%s is before the document was published (%s)", a->sent, pub);
    int64_t dup = 0;
    if ((rc = db_query_int(s->db, e, &dup, "SELECT COUNT(*) FROM channel_send WHERE channel_id = ? AND doc_id = ?",
                           "ii", a->channel_id, a->doc_id)))
        return rc;
    if (dup)
        return err_set(e, GK_ESTATE, "doc", "document %lld was already sent to %s", (long long)a->doc_id, c.name);
    char now[32];
    store_now(now);
    if ((rc = db_run(s->db, e, a->id,
                     "INSERT INTO channel_send(agency_id, channel_id, doc_id, sent, reference, sent_by, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "iiissss", a->agency_id, a->channel_id, a->doc_id,
                     a->sent, a->reference, a->actor, now)))
        return rc;
    buf j;
    buf_init(&j);
    buf_printf(&j, "{\"channel_id\":%lld,\"doc_id\":%lld,\"sent\":\"%s\",\"reference\":", (long long)a->channel_id,
               (long long)a->doc_id, a->sent);
    buf_json_str(&j, a->reference);
    buf_putc(&j, '}');
    rc = store_audit_add(s, a->agency_id, a->actor, "channel_send", *a->id, "sent", NULL, j.data, e);
    buf_free(&j);
    return rc;
}

int store_channel_send(store_t *s, int64_t agency_id, int64_t channel_id, int64_t doc_id, gk_day sent,
                       const char *reference, const char *actor, int64_t *id, err *e)
{
    reference = reference ? reference : "";
    if (!utf8_valid(reference, strlen(reference), NULL) || utf8_len(reference, strlen(reference)) > CHAN_REF_MAX)
        return err_field(e, GK_EINVAL, "ref", "at most %d characters of UTF-8 text", CHAN_REF_MAX);
    int64_t tmp;
    struct send_arg a = {agency_id, channel_id, doc_id, "", reference, actor, id ? id : &tmp};
    date_format(sent, a.sent);
    return store_in_txn(s, send_step, &a, e);
}

#define SEND_COLS "x.id, x.channel_id, c.kind, c.name, x.doc_id, d.title, d.docno, d.issuer, d.written, " \
                  "d.published, d.index_no, x.sent, x.reference, x.sent_by"

struct send_cb { int (*fn)(const struct store_channel_sent *, void *); void *arg; };

static int send_row(db_stmt *st, void *arg)
{
    struct send_cb *cb = arg;
    struct store_channel_sent x;
    memset(&x, 0, sizeof x);
    x.id = db_col_int(st, 0);
    x.channel_id = db_col_int(st, 1);
    x.kind = kind_of(db_col_text(st, 2));
    store_copy_col(st, 3, x.channel, sizeof x.channel);
    x.doc_id = db_col_int(st, 4);
    store_copy_col(st, 5, x.title, sizeof x.title);
    store_copy_col(st, 6, x.docno, sizeof x.docno);
    store_copy_col(st, 7, x.issuer, sizeof x.issuer);
    store_copy_col(st, 8, x.written, sizeof x.written);
    store_copy_col(st, 9, x.published, sizeof x.published);
    store_copy_col(st, 10, x.index_no, sizeof x.index_no);
    store_copy_col(st, 11, x.sent, sizeof x.sent);
    store_copy_col(st, 12, x.reference, sizeof x.reference);
    store_copy_col(st, 13, x.sent_by, sizeof x.sent_by);
    return x.kind < 0 ? 0 : cb->fn(&x, cb->arg);
}

int store_channel_sends(store_t *s, const struct store_send_filter *f,
                        int (*fn)(const struct store_channel_sent *, void *), void *arg, err *e)
{
    char from[11] = "0000-01-01", to[11] = "9999-12-31";
    if (f->year) {
        store_year_bounds(f->year, from, to);
    }
    struct send_cb cb = {fn, arg};
    return db_collect(s->db, e, send_row, &cb,
                      "SELECT " SEND_COLS " FROM channel_send x JOIN channel c ON c.id = x.channel_id "
                      "JOIN doc d ON d.id = x.doc_id WHERE x.agency_id = ? AND (? = 0 OR x.channel_id = ?) "
                      "AND (? = 0 OR x.doc_id = ?) AND x.sent >= ? AND x.sent <= ? AND (? = '' OR x.reference = ?) "
                      "ORDER BY x.sent, x.id",
                      "iiiiissss", f->agency_id, f->channel_id, f->channel_id, f->doc_id, f->doc_id, from, to,
                      f->reference ? f->reference : "", f->reference ? f->reference : "");
}

int store_channel_counts(store_t *s, int64_t agency_id, int year, int64_t out[6], err *e)
{
    char from[11], to[11];
    store_year_bounds(year, from, to);
    for (int k = 0; k < CHAN_NKINDS; k++) {
        out[k] = 0;
        int rc = db_query_int(s->db, e, &out[k],
                              "SELECT COUNT(DISTINCT x.doc_id) FROM channel_send x JOIN channel c ON c.id = x.channel_id "
                              "JOIN doc d ON d.id = x.doc_id WHERE x.agency_id = ? AND c.kind = ? AND x.sent >= ? "
                              "AND x.sent <= ? AND d.withdrawn_on IS NULL",
                              "isss", agency_id, chan_kinds[k].key, from, to);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- archive and library copies ------------------------------------------------ */

struct pend_cb { int (*fn)(const struct store_arch_pending *, void *); void *arg; };

static int pend_row(db_stmt *st, void *arg)
{
    struct pend_cb *cb = arg;
    struct store_arch_pending p;
    memset(&p, 0, sizeof p);
    p.doc_id = db_col_int(st, 0);
    store_copy_col(st, 1, p.title, sizeof p.title);
    store_copy_col(st, 2, p.published, sizeof p.published);
    p.package_id = db_col_int(st, 3);
    return cb->fn(&p, cb->arg);
}

int store_archive_pending(store_t *s, int64_t agency_id, int recipient, const char *since,
                          int (*fn)(const struct store_arch_pending *, void *), void *arg, err *e)
{
    if (recipient < 0 || recipient >= ARCH_NRECIPIENTS)
        return err_set(e, GK_EINVAL, "recipient", "archive or library");
    struct pend_cb cb = {fn, arg};
    const char *to = arch_recipients[recipient].key;
    return db_collect(s->db, e, pend_row, &cb,
                      "SELECT d.id, d.title, d.published, COALESCE((SELECT MAX(p.id) FROM archive_item i "
                      "JOIN archive_package p ON p.id = i.package_id WHERE i.doc_id = d.id AND p.recipient = ?), 0) "
                      "FROM doc d WHERE d.agency_id = ? AND " STORE_DOC_INDEXED " AND d.published >= ? "
                      "AND NOT EXISTS (SELECT 1 FROM archive_item i JOIN archive_package p ON p.id = i.package_id "
                      "WHERE i.doc_id = d.id AND p.recipient = ? AND p.delivered IS NOT NULL) "
                      "ORDER BY d.published, d.id",
                      "siss", to, agency_id, since && *since ? since : "0000-01-01", to);
}

struct pkg_arg {
    int64_t agency_id;
    int recipient;
    const int64_t *docs;
    size_t n;
    const char *actor;
    int64_t *id;
};

static int pkg_add_step(store_t *s, const void *arg, err *e)
{
    const struct pkg_arg *a = arg;
    char now[32];
    store_now(now);
    int rc = db_run(s->db, e, a->id,
                    "INSERT INTO archive_package(agency_id, recipient, created_at, created_by) VALUES (?, ?, ?, ?) "
                    "RETURNING id", "isss", a->agency_id, arch_recipients[a->recipient].key, now, a->actor);
    for (size_t i = 0; !rc && i < a->n; i++) {
        int64_t ok = 0;
        if ((rc = db_query_int(s->db, e, &ok, "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND id = ? AND "
                               STORE_DOC_INDEXED, "ii", a->agency_id, a->docs[i])))
            break;
        if (!ok) {
            rc = err_set(e, GK_ESTATE, "doc", "document %lld is not published by this agency", (long long)a->docs[i]);
            break;
        }
        rc = db_run(s->db, e, NULL, "INSERT INTO archive_item(package_id, doc_id) VALUES (?, ?)", "ii", *a->id,
                    a->docs[i]);
    }
    if (rc)
        return rc;
    buf j;
    buf_init(&j);
    buf_printf(&j, "{\"recipient\":\"%s\",\"documents\":%zu}", arch_recipients[a->recipient].key, a->n);
    rc = store_audit_add(s, a->agency_id, a->actor, "archive_package", *a->id, "created", NULL, j.data, e);
    buf_free(&j);
    return rc;
}

int store_archive_package_add(store_t *s, int64_t agency_id, int recipient, const int64_t *docs, size_t n,
                              const char *actor, int64_t *id, err *e)
{
    if (recipient < 0 || recipient >= ARCH_NRECIPIENTS)
        return err_set(e, GK_EINVAL, "recipient", "archive or library");
    if (!n)
        return err_set(e, GK_ESTATE, "documents", "no document waits for a copy to the %s",
                       arch_recipients[recipient].label);
    int64_t tmp;
    struct pkg_arg a = {agency_id, recipient, docs, n, actor, id ? id : &tmp};
    return store_in_txn(s, pkg_add_step, &a, e);
}

struct deliver_arg {
    int64_t agency_id, package_id;
    char on[11];
    const char *receiver, *reference, *actor;
};

static int deliver_step(store_t *s, const void *arg, err *e)
{
    const struct deliver_arg *a = arg;
    struct store_arch_package p;
    int rc = store_archive_package_get(s, a->agency_id, a->package_id, &p, e);
    if (rc)
        return rc;
    if (p.delivered[0])
        return err_set(e, GK_ESTATE, "package", "package %lld was delivered on %s", (long long)a->package_id,
                       p.delivered);
    if (strcmp(a->on, p.created_at) < 0 && strncmp(a->on, p.created_at, 10) != 0)
        return err_field(e, GK_EINVAL, "date", "%s is before the package was made (%.10s)", a->on, p.created_at);
    if ((rc = db_run(s->db, e, NULL,
                     "UPDATE archive_package SET delivered = ?, receiver = ?, reference = ?, delivered_by = ? "
                     "WHERE id = ? AND agency_id = ?", "ssssii", a->on, a->receiver, a->reference, a->actor,
                     a->package_id, a->agency_id)))
        return rc;
    buf j;
    buf_init(&j);
    buf_printf(&j, "{\"delivered\":\"%s\",\"receiver\":", a->on);
    buf_json_str(&j, a->receiver);
    buf_puts(&j, ",\"reference\":");
    buf_json_str(&j, a->reference);
    buf_putc(&j, '}');
    rc = store_audit_add(s, a->agency_id, a->actor, "archive_package", a->package_id, "delivered", NULL, j.data, e);
    buf_free(&j);
    return rc;
}

int store_archive_deliver(store_t *s, int64_t agency_id, int64_t package_id, gk_day on, const char *receiver,
                          const char *reference, const char *actor, err *e)
{
    if (!receiver || !*receiver || !utf8_valid(receiver, strlen(receiver), NULL) ||
        utf8_len(receiver, strlen(receiver)) > CHAN_NAME_MAX)
        return err_field(e, GK_EINVAL, "receiver", "who received the copies: 1 to %d characters", CHAN_NAME_MAX);
    reference = reference ? reference : "";
    if (!utf8_valid(reference, strlen(reference), NULL) || utf8_len(reference, strlen(reference)) > CHAN_REF_MAX)
        return err_field(e, GK_EINVAL, "ref", "at most %d characters of UTF-8 text", CHAN_REF_MAX);
    struct deliver_arg a = {agency_id, package_id, "", receiver, reference, actor};
    date_format(on, a.on);
    return store_in_txn(s, deliver_step, &a, e);
}

#define PKG_COLS "p.id, p.recipient, p.created_at, p.created_by, COALESCE(p.delivered, ''), p.receiver, " \
                 "p.reference, p.delivered_by, (SELECT COUNT(*) FROM archive_item i WHERE i.package_id = p.id)"

static void pkg_row(db_stmt *st, struct store_arch_package *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(st, 0);
    p->recipient = strcmp(db_col_text(st, 1), "library") == 0 ? ARCH_LIBRARY : ARCH_ARCHIVE;
    store_copy_col(st, 2, p->created_at, sizeof p->created_at);
    store_copy_col(st, 3, p->created_by, sizeof p->created_by);
    store_copy_col(st, 4, p->delivered, sizeof p->delivered);
    store_copy_col(st, 5, p->receiver, sizeof p->receiver);
    store_copy_col(st, 6, p->reference, sizeof p->reference);
    store_copy_col(st, 7, p->delivered_by, sizeof p->delivered_by);
    p->ndocs = db_col_int(st, 8);
}

static void pkg_one(db_stmt *st, void *arg) { pkg_row(st, arg); }

int store_archive_package_get(store_t *s, int64_t agency_id, int64_t id, struct store_arch_package *out, err *e)
{
    int rc = db_query_one(s->db, e, pkg_one, out,
                          "SELECT " PKG_COLS " FROM archive_package p WHERE p.agency_id = ? AND p.id = ?", "ii",
                          agency_id, id);
    if (rc < 0)
        return rc;
    return rc ? 0 : err_set(e, GK_ENOTFOUND, "package", "no copy package %lld in this agency", (long long)id);
}

struct pkg_cb { int (*fn)(const struct store_arch_package *, void *); void *arg; };

static int pkg_each(db_stmt *st, void *arg)
{
    struct pkg_cb *cb = arg;
    struct store_arch_package p;
    pkg_row(st, &p);
    return cb->fn(&p, cb->arg);
}

int store_archive_packages(store_t *s, int64_t agency_id, int (*fn)(const struct store_arch_package *, void *),
                           void *arg, err *e)
{
    struct pkg_cb cb = {fn, arg};
    return db_collect(s->db, e, pkg_each, &cb,
                      "SELECT " PKG_COLS " FROM archive_package p WHERE p.agency_id = ? ORDER BY p.id DESC", "i",
                      agency_id);
}

struct ids { int64_t *v; size_t n, cap; };

static int id_collect(db_stmt *st, void *arg)
{
    struct ids *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = db_col_int(st, 0);
    return 0;
}

int store_archive_package_docs(store_t *s, int64_t agency_id, int64_t id, int64_t **out, size_t *n, err *e)
{
    struct ids l = {0};
    int rc = db_collect(s->db, e, id_collect, &l,
                        "SELECT i.doc_id FROM archive_item i JOIN archive_package p ON p.id = i.package_id "
                        "JOIN doc d ON d.id = i.doc_id WHERE p.agency_id = ? AND p.id = ? ORDER BY d.published, d.id",
                        "ii", agency_id, id);
    if (rc) {
        free(l.v);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

/* ---- the facts of a year for section 一 --------------------------------------- */

int store_report_facts(store_t *s, int64_t agency_id, int year, struct rpt_facts *f, err *e)
{
    memset(f, 0, sizeof *f);
    f->year = year;
    char from[11], to[11];
    store_year_bounds(year, from, to);
    int rc = db_query_int(s->db, e, &f->published,
                          "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
                          " AND published >= ? AND published <= ?", "iss", agency_id, from, to);
    for (int i = 1; !rc && i <= 15; i++)
        rc = db_query_int(s->db, e, &f->by_item[i],
                          "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
                          " AND published >= ? AND published <= ? AND item = ?", "issI", agency_id, from, to, i);
    if (!rc)
        rc = db_query_int(s->db, e, &f->interpretations,
                          "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
                          " AND published >= ? AND published <= ? AND interprets IS NOT NULL AND interprets <> 0",
                          "iss", agency_id, from, to);
    if (!rc)
        rc = store_channel_counts(s, agency_id, year, f->by_channel, e);
    if (!rc)
        rc = db_query_int(s->db, e, &f->channels, "SELECT COUNT(*) FROM channel WHERE agency_id = ?", "i", agency_id);
    if (!rc)
        rc = db_query_int(s->db, e, &f->copies_delivered,
                          "SELECT COUNT(*) FROM archive_item i JOIN archive_package p ON p.id = i.package_id "
                          "WHERE p.agency_id = ? AND p.delivered >= ? AND p.delivered <= ?", "iss", agency_id, from, to);
    return rc;
}

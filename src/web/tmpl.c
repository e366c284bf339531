/* web — the template engine: the files of templates/ compiled into the
 * binary, parsed once into a flat list of nodes, rendered with values that
 * are HTML-escaped unless the template asks for raw HTML ({{{name}}}).
 * See web_internal.h for the syntax. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

struct embedded_file { const char *name; const unsigned char *data; size_t len; };
extern const struct embedded_file web_templates[];

enum { N_TEXT, N_VAR, N_RAW, N_IF, N_IFNOT };
typedef struct node {
    int kind;
    const char *s;      /* text, or the name */
    size_t n;
    size_t end;         /* sections: the index just past their body */
} node;

typedef struct tpl {
    char name[64];
    node *nodes;
    size_t n;
} tpl;

static tpl *g_tpls;
static size_t g_ntpls;

static bool name_ok(const char *s, size_t n)
{
    if (n == 0 || n > 60)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* Parses text into nodes; returns 0 or GK_EINVAL with the byte offset. */
static int parse(const char *t, size_t n, node **out, size_t *nout, err *e, const char *what)
{
    size_t cap = 32, cnt = 0;
    node *v = xmalloc(cap * sizeof *v);
    size_t stack[32];
    int depth = 0;
    size_t i = 0;
#define PUSH(K, S, N)                                          \
    do {                                                       \
        if (cnt == cap)                                        \
            v = xrealloc(v, (cap *= 2) * sizeof *v);           \
        v[cnt++] = (node){(K), (S), (N), 0};                   \
    } while (0)
    while (i < n) {
        const char *o = memmem(t + i, n - i, "{{", 2);
        if (!o) {
            PUSH(N_TEXT, t + i, n - i);
            break;
        }
        if (o > t + i)
            PUSH(N_TEXT, t + i, (size_t)(o - (t + i)));
        size_t at = (size_t)(o - t);
        bool triple = at + 2 < n && t[at + 2] == '{';
        const char *close = memmem(o, n - at, triple ? "}}}" : "}}", triple ? 3 : 2);
        if (!close) {
            free(v);
            return err_set(e, GK_EINVAL, what, "byte %zu: '{{' is not closed", at);
        }
        const char *in = o + (triple ? 3 : 2);
        size_t inl = (size_t)(close - in);
        char sigil = inl ? in[0] : 0;
        if (triple) {
            if (!name_ok(in, inl)) {
                free(v);
                return err_set(e, GK_EINVAL, what, "byte %zu: bad name in {{{...}}}", at);
            }
            PUSH(N_RAW, in, inl);
        } else if (sigil == '!') {
            /* comment */
        } else if (sigil == '#' || sigil == '^') {
            if (!name_ok(in + 1, inl - 1) || depth == 32) {
                free(v);
                return err_set(e, GK_EINVAL, what, "byte %zu: bad section name", at);
            }
            PUSH(sigil == '#' ? N_IF : N_IFNOT, in + 1, inl - 1);
            stack[depth++] = cnt - 1;
        } else if (sigil == '/') {
            if (depth == 0) {
                free(v);
                return err_set(e, GK_EINVAL, what, "byte %zu: {{/...}} without an open section", at);
            }
            node *open = &v[stack[--depth]];
            if (open->n != inl - 1 || memcmp(open->s, in + 1, inl - 1) != 0) {
                int rc = err_set(e, GK_EINVAL, what, "byte %zu: {{/%.*s}} closes {{#%.*s}}", at,
                                 (int)(inl - 1), in + 1, (int)open->n, open->s);
                free(v);
                return rc;
            }
            open->end = cnt;
        } else {
            if (!name_ok(in, inl)) {
                free(v);
                return err_set(e, GK_EINVAL, what, "byte %zu: bad name in {{...}}", at);
            }
            PUSH(N_VAR, in, inl);
        }
        i = (size_t)(close - t) + (triple ? 3 : 2);
    }
#undef PUSH
    if (depth) {
        node *open = &v[stack[depth - 1]];
        int rc = err_set(e, GK_EINVAL, what, "section {{#%.*s}} is not closed", (int)open->n, open->s);
        free(v);
        return rc;
    }
    *out = v;
    *nout = cnt;
    return 0;
}

static const char *lookup(const char *const *vars, const char *name, size_t n)
{
    for (size_t i = 0; vars[i]; i += 2) {
        if (strncmp(vars[i], name, n) == 0 && vars[i][n] == '\0')
            return vars[i + 1];
    }
    return NULL;
}

static void render(buf *out, const node *v, size_t from, size_t to, const char *const *vars)
{
    for (size_t i = from; i < to; i++) {
        const node *nd = &v[i];
        switch (nd->kind) {
        case N_TEXT:
            buf_append(out, nd->s, nd->n);
            break;
        case N_VAR: {
            const char *val = lookup(vars, nd->s, nd->n);
            if (val)
                buf_html(out, val);
            break;
        }
        case N_RAW: {
            const char *val = lookup(vars, nd->s, nd->n);
            if (val)
                buf_puts(out, val);
            break;
        }
        case N_IF:
        case N_IFNOT: {
            const char *val = lookup(vars, nd->s, nd->n);
            bool set = val && *val;
            if (set == (nd->kind == N_IF))
                render(out, v, i + 1, nd->end, vars);
            i = nd->end - 1;
            break;
        }
        }
    }
}

int tpl_check_text(const char *text, size_t n, err *e)
{
    node *v;
    size_t cnt;
    int rc = parse(text, n, &v, &cnt, e, "template");
    if (!rc)
        free(v);
    return rc;
}

void tpl_render_text(buf *out, const char *text, size_t n, const char *const *vars)
{
    node *v;
    size_t cnt;
    if (parse(text, n, &v, &cnt, NULL, "template"))
        return;
    render(out, v, 0, cnt, vars);
    free(v);
}

int tpl_init(err *e)
{
    if (g_tpls)
        return 0;
    size_t cnt = 0;
    while (web_templates[cnt].name)
        cnt++;
    tpl *t = xcalloc(cnt ? cnt : 1, sizeof *t);
    for (size_t i = 0; i < cnt; i++) {
        const struct embedded_file *f = &web_templates[i];
        snprintf(t[i].name, sizeof t[i].name, "%s", f->name);
        char *dot = strrchr(t[i].name, '.');
        if (dot)
            *dot = '\0';
        int rc = parse((const char *)f->data, f->len, &t[i].nodes, &t[i].n, e, f->name);
        if (rc) {
            for (size_t k = 0; k < i; k++)
                free(t[k].nodes);
            free(t);
            return rc;
        }
    }
    g_tpls = t;
    g_ntpls = cnt;
    return 0;
}

void tpl_free(void)
{
    for (size_t i = 0; i < g_ntpls; i++)
        free(g_tpls[i].nodes);
    free(g_tpls);
    g_tpls = NULL;
    g_ntpls = 0;
}

static const tpl *find(const char *name)
{
    size_t lo = 0, hi = g_ntpls;      /* embed.py sorts by name */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(g_tpls[mid].name, name);
        if (c == 0)
            return &g_tpls[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = 0; i < g_ntpls; i++)      /* sorted by file name, not stem: be safe */
        if (strcmp(g_tpls[i].name, name) == 0)
            return &g_tpls[i];
    return NULL;
}

bool tpl_exists(const char *name) { return find(name) != NULL; }

void tpl_render(buf *out, const char *name, const char *const *vars)
{
    const tpl *t = find(name);
    if (!t) {
        buf_puts(out, "<!-- missing template -->");
        return;
    }
    render(out, t->nodes, 0, t->n, vars);
}

/*
 * report — reading published annual reports (rpt_read).
 *
 * Reports reach gongkai as whatever the agency's website made of them: `|`
 * separated rows (seed 001), one cell per line (seed 004), tab-indented cells
 * (seed 002), "label value" lines (seed 000), HTML tables, HTML that is only
 * paragraphs, full-width digits, traditional characters with pinyin in
 * brackets (seed 003), labels broken across lines and misspelt.
 *
 * One pass does it: the input is checked (size, NUL bytes, UTF-8), HTML is
 * turned into lines (read_html.c), the text is folded once (full-width to
 * ASCII, pinyin dropped, traditional to simplified with OpenCC when the text
 * is traditional), and then each line is cut into cells and each cell is
 * either a number, a blank, or text. Text is normalised (numbering, 其中,
 * parenthesised notes, punctuation and spaces dropped) and looked up in one
 * dictionary built from the layout tables (layout.c) plus the headers and
 * section titles below; a miss tries the cell joined to the previous text
 * (labels broken across lines) and then a bounded edit distance (typos). A
 * label opens a row; the numbers after it fill the row's columns, whether
 * they are on the same line or on the lines below. Numbers outside a row are
 * ignored, except in table 四, whose fifteen numbers carry no row labels.
 *
 * Traditional characters: Debian's OpenCC (t2s) is the authority. Once per
 * process, on the first traditional report, it converts every CJK character
 * and the reader keeps the answers as a character table (see cc_init); a
 * text with enough traditional-only characters then goes through that table.
 * If OpenCC's data cannot be loaded the report is read unconverted and a
 * READ warning says so.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <opencc/opencc.h>

#include "report/read_int.h"

#define RD_MAX_BYTES ((size_t)32 * 1024 * 1024)
#define RD_MAX_DIGITS 15          /* a double holds 15 significant digits exactly */
#define NORM_MAX 64               /* code points of a cell that can still be a label */
#define ROW_MAXV 8
#define ROW_POOL 256              /* digits of a row's runs kept for decoding */
#define T4_MAXTOK 32              /* tokens of table 四 kept for decoding */
#define SEG_MAX 4096              /* pieces of one cell cut by its labels (more: narrative) */
#define READINGS_SHOWN 6          /* readings listed in a problem */
#define T2_MAXH 8
#define TRAD_THRESHOLD 10         /* traditional-only characters that make a text traditional */

/* ---- the dictionary ---------------------------------------------------- */

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
static struct entry dict[DICT_MAX];
static int ndict;
static int htab[HASH_SIZE];
static int by_len[NORM_MAX + 1];
static uint8_t trad_bits[(0xA000 - 0x4E00) / 8];
static pthread_once_t dict_once = PTHREAD_ONCE_INIT;

/* First two code points of the labels, for finding labels inside run-together text. */
#define PAIR_SIZE 4096
static uint64_t pair_len[PAIR_SIZE];   /* bit L-1: some label of L code points starts with this pair */
static uint8_t pair_dist[PAIR_SIZE];   /* some distinctive label (see distinctive()) starts with it */

static unsigned pair_hash(uint32_t a, uint32_t b)
{
    return (((a * 0x9E3779B1u) ^ b) * 0x85EBCA6Bu) >> 20 & (PAIR_SIZE - 1);
}


/* Section titles of the 2019/2021 layouts and of the 2008 statistics table. */
static const struct { const char *label; int ctx; } sections[] = {
    {"总体情况", CX_NONE},
    {"主动公开政府信息情况", CX_T2},
    {"收到和处理政府信息公开申请情况", CX_T3},
    {"政府信息公开行政复议、行政诉讼情况", CX_T4},
    {"存在的主要问题及改进情况", CX_END},
    {"其他需要报告的事项", CX_END},
    {"政府信息公开情况统计表", CX_LEG},
    {"政府信息公开工作情况统计表", CX_LEG},
};
static const char *const t3_groups[] = {"本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理"};
static const char *const t3_headers[] = {
    "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
};
static const char *const t4_headers[] = {"行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结"};
static const char *const leg_headers[] = {"统计指标", "指标名称", "统计项目"};
static const char *const leg_valheaders[] = {"统计数", "本年", "本年度", "本年数", "数量", "数值"};
static const char *const leg_cumheaders[] = {"历年累计", "累计", "累计数"};
static const char *const units[] = {
    "单位", "条", "件", "个", "次", "人", "人次", "万元", "元", "项", "篇", "家", "期", "场", "名", "笔",
};
/* Characters used only in traditional writing: enough of them make a text traditional. */
static const char trad_chars[] =
    "開與這們個來對時會國說為關發經過當條報議務請資讓實體應門長區縣書學現數據辦機構網絡訊覽"
    "問題響術處證樣車將從見無點號總認權觀親運達邊麼東動傳價產際陽隊電風飛馬專業兩嚴豐舉義樂"
    "鄉買亂爭雲億僅儀優偉傷債傾兒黨蘭興養內寫軍農決況減幾擊劃則剛創別劇勸勵勞勢醫華協單賣衛"
    "廠廳壓參雙變葉後員團園圍圖圓聖場壞塊堅壇牆聲備頭獎婦媽孫寧寶審憲寬導壽層歲島嶺幣師帶幫"
    "廣莊慶庫廟廢張彈強歸錄徹態懷戀憑戰擴掃揚護擔擬擁擇揮損換斷舊顯曉暫樸殺雜楊極標樹橋檢樓"
    "歡歐殘毀氣漢湯溝沒淚潔測濟濃塗濤澤潤漲溫灣滿濫災燈煉煙熱愛牽犧狀獨獄獲環畫療盡監蓋盤眾"
    "確碼礎禮禍離種積稱穩窮競筆築簡類糧緊糾紅紀約級純紙紛線組細織終給結統絕維綠緣編練縮續羅"
    "罰聯職聽腦腳臨艱藝節範薦藥蘇蟲補裝裡製複規視覺計訂討訓記講許論設訪評識詞試話誠該詳語誤"
    "諸讀調談謝謂謀貝負貢財責貨質貧購貴費賀賓賞賠賽贈趙趕跡蹤軟較載輕輔輝輸轉辭遠違連遲適選"
    "遺還郵鄭釋針鐘鋼錢錯鍵鏡閉間閱闊陳陸階險隨隱難雞霧靜頁頂項順須領頻額顏飯飲館驗鬥鳥麗黃"
    "齊齒龍";

static bool is_punct_cp(uint32_t c)
{
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFFEF);
}

static bool is_space_cp(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static bool is_numeral(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return true;
    static const uint32_t cn[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
                                  0x4E5D, 0x5341, 0x96F6, 0x3007};   /* 一二三四五六七八九十零〇 */
    for (size_t k = 0; k < sizeof cn / sizeof cn[0]; k++)
        if (c == cn[k])
            return true;
    return false;
}

static bool is_sep(uint32_t c)
{
    return c == 0x3001 || c == '.' || c == ',' || c == ':' || c == ')' || c == ' ' || c == 0x3002;
}

/* Normalises a cell for matching: width folded, numbering ("一、", "（一）",
 * "1.") and a leading 其中 dropped, parenthesised notes dropped, spaces and
 * punctuation dropped. Fills cp[] (at most NORM_MAX) and key (UTF-8); returns
 * the number of code points, or -1 when the cell is longer than any label. */
static int norm(const char *s, size_t n, uint32_t *cp, char *key, uint16_t *klen)
{
    int out = 0, depth = 0, npend = 0;
    uint32_t pend[8];
    bool start = true;
    size_t i = 0, kl = 0;
#define EMIT(c)                                                                                    \
    do {                                                                                           \
        if (out >= NORM_MAX)                                                                       \
            return -1;                                                                             \
        uint32_t c_ = (c);                                                                         \
        if (c_ >= 'A' && c_ <= 'Z')                                                                \
            c_ += 32;                                                                              \
        cp[out++] = c_;                                                                            \
        kl += (size_t)utf8_encode(c_, key + kl);                                                   \
    } while (0)
    while (i < n) {
        uint32_t c;
        int l = utf8_decode(s + i, n - i, &c);
        if (!l) {
            i++;
            continue;
        }
        i += (size_t)l;
        c = utf8_fold_cp(c);
        if (depth > 0) {
            if (c == '(' || c == '[')
                depth += depth < 100;
            else if (c == ')' || c == ']')
                depth--;
            continue;
        }
        if (c == '(' || c == '[') {
            depth = 1;
            continue;
        }
        if (start) {
            if (is_numeral(c) && npend < 8) {
                pend[npend++] = c;
                continue;
            }
            if (npend > 0) {
                if (is_sep(c)) {
                    npend = 0;
                    continue;
                }
                for (int k = 0; k < npend; k++)
                    EMIT(pend[k]);
                npend = 0;
                start = false;
            } else {
                if (c == 0x5176 && i + 3 <= n && memcmp(s + i, "中", 3) == 0) {   /* 其中 */
                    i += 3;
                    continue;
                }
                if (is_space_cp(c) || is_punct_cp(c) || (c >= 0x2460 && c <= 0x24FF))
                    continue;
                start = false;
            }
        }
        if (is_space_cp(c) || is_punct_cp(c))
            continue;
        EMIT(c);
    }
    for (int k = 0; k < npend; k++)
        EMIT(pend[k]);
#undef EMIT
    key[kl] = '\0';
    *klen = (uint16_t)kl;
    return out;
}

static unsigned hash_key(const char *k, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h;
}

static int dict_find(const char *key, size_t klen)
{
    unsigned h = hash_key(key, klen) & (HASH_SIZE - 1);
    for (;;) {
        int e = htab[h];
        if (e < 0)
            return -1;
        if (dict[e].klen == klen && memcmp(dict[e].key, key, klen) == 0)
            return e;
        h = (h + 1) & (HASH_SIZE - 1);
    }
}

static void dict_add(const char *label, int kind, int id)
{
    if (!label || ndict >= DICT_MAX)
        return;
    struct entry *e = &dict[ndict];
    int ncp = norm(label, strlen(label), e->cp, e->key, &e->klen);
    if (ncp <= 0)
        return;
    e->ncp = (uint8_t)ncp;
    e->kind = (uint8_t)kind;
    e->id = (int16_t)id;
    e->next_same = -1;
    int first = dict_find(e->key, e->klen);
    if (first >= 0) {
        int last = first;
        while (dict[last].next_same >= 0)
            last = dict[last].next_same;
        dict[last].next_same = ndict;
    } else {
        unsigned h = hash_key(e->key, e->klen) & (HASH_SIZE - 1);
        while (htab[h] >= 0)
            h = (h + 1) & (HASH_SIZE - 1);
        htab[h] = ndict;
    }
    e->next_len = by_len[ncp];
    by_len[ncp] = ndict;
    ndict++;
}

static void dict_init(void)
{
    xmlInitParser();   /* once, before any thread parses HTML */
    for (int i = 0; i < HASH_SIZE; i++)
        htab[i] = -1;
    for (int i = 0; i <= NORM_MAX; i++)
        by_len[i] = -1;
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++)
        dict_add(sections[k].label, EK_SECTION, sections[k].ctx);
    dict_add("第二十条第（一）项", EK_T2_ITEM, 0);
    dict_add("信息内容", EK_T2_HDRROW, 0);
    for (int f = 0; f < PRO_NFIELDS; f++)
        dict_add(rpt_pro_fields[f].header, EK_T2_HDR, f);
    for (int r = 0; r < rpt_pro_nrows; r++) {
        dict_add(rpt_pro_rows[r].label, EK_T2_ROW, r);
        dict_add(rpt_pro_rows[r].label_2019, EK_T2_ROW, r);
    }
    for (int i = 0; i < APP_NROWS; i++)
        dict_add(rpt_app_rows[i].label, EK_T3_ROW, i);
    for (size_t k = 0; k < sizeof t3_groups / sizeof t3_groups[0]; k++)
        dict_add(t3_groups[k], EK_T3_GROUP, (int)k);
    for (size_t k = 0; k < sizeof t3_headers / sizeof t3_headers[0]; k++)
        dict_add(t3_headers[k], EK_T3_HDR, 0);
    for (int g = 0; g < RL_NGROUPS; g++)
        dict_add(rpt_rl_group_labels[g], EK_T4_GROUP, g);
    for (size_t k = 0; k < sizeof t4_headers / sizeof t4_headers[0]; k++)
        dict_add(t4_headers[k], EK_T4_HDR, 0);
    for (int i = 0; i < rpt_legacy_n; i++)
        for (int j = 0; j < 6 && rpt_legacy_defs[i].labels[j]; j++)
            dict_add(rpt_legacy_defs[i].labels[j], EK_LEG, i);
    for (size_t k = 0; k < sizeof leg_headers / sizeof leg_headers[0]; k++)
        dict_add(leg_headers[k], EK_LEG_HDR, 0);
    for (size_t k = 0; k < sizeof leg_valheaders / sizeof leg_valheaders[0]; k++)
        dict_add(leg_valheaders[k], EK_LEG_VALHDR, 0);
    for (size_t k = 0; k < sizeof leg_cumheaders / sizeof leg_cumheaders[0]; k++)
        dict_add(leg_cumheaders[k], EK_LEG_CUMHDR, 0);
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        dict_add(units[k], EK_UNIT, 0);

    for (int e = 0; e < ndict; e++) {
        if (dict[e].kind == EK_UNIT || dict[e].ncp < 2)
            continue;
        unsigned h = pair_hash(dict[e].cp[0], dict[e].cp[1]);
        pair_len[h] |= (uint64_t)1 << (dict[e].ncp - 1);
        if ((dict[e].kind == EK_SECTION && dict[e].ncp >= 8) || dict[e].kind == EK_LEG_HDR ||
            dict[e].kind == EK_T2_ITEM)
            pair_dist[h] = 1;
    }

    size_t i = 0, n = sizeof trad_chars - 1;
    while (i < n) {
        uint32_t c;
        int l = utf8_decode(trad_chars + i, n - i, &c);
        if (!l)
            break;
        if (c >= 0x4E00 && c < 0xA000)
            trad_bits[(c - 0x4E00) >> 3] |= (uint8_t)(1u << ((c - 0x4E00) & 7));
        i += (size_t)l;
    }
}

/* ---- OpenCC ------------------------------------------------------------ */

/* OpenCC converts text at ~5 MB/s, ten times slower than the rest of the
 * reader. The reader needs characters, not phrases: once per process, OpenCC
 * converts every CJK character on a line of its own, and the answers become a
 * table that maps each traditional character to its simplified one. */
#define CC_LO 0x3400
#define CC_HI 0xA000
static uint32_t *cc_map;   /* [CC_HI - CC_LO]: simplified code point, or 0 */
static pthread_once_t cc_once = PTHREAD_ONCE_INIT;

static void cc_init(void)
{
    opencc_t h = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (h == (opencc_t)-1)
        return;
    buf in;
    buf_init(&in);
    for (uint32_t c = CC_LO; c < CC_HI; c++) {
        char u[4];
        buf_append(&in, u, (size_t)utf8_encode(c, u));
        buf_putc(&in, '\n');
    }
    char *out = opencc_convert_utf8(h, in.data, in.len);
    if (out) {
        uint32_t *map = xcalloc(CC_HI - CC_LO, sizeof *map);
        const char *p = out;
        uint32_t c = CC_LO;
        size_t on = strlen(out);
        const char *end = out + on;
        while (p < end && c < CC_HI) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t ln = (size_t)((nl ? nl : end) - p);
            uint32_t s2;
            int l = utf8_decode(p, ln, &s2);
            if (l > 0 && (size_t)l == ln && s2 != c)
                map[c - CC_LO] = s2;
            c++;
            p = nl ? nl + 1 : end;
        }
        opencc_convert_utf8_free(out);
        cc_map = map;
    }
    buf_free(&in);
    opencc_close(h);
}

/* Converts text to simplified characters; false when OpenCC is unavailable. */
static bool to_simplified(buf *text)
{
    pthread_once(&cc_once, cc_init);
    if (!cc_map)
        return false;
    buf out;
    buf_init(&out);
    buf_reserve(&out, text->len);
    size_t i = 0;
    while (i < text->len) {
        uint32_t c;
        int l = utf8_decode(text->data + i, text->len - i, &c);
        if (l == 3 && c >= CC_LO && c < CC_HI && cc_map[c - CC_LO]) {
            char u[4];
            buf_append(&out, u, (size_t)utf8_encode(cc_map[c - CC_LO], u));
        } else {
            buf_append(&out, text->data + i, l ? (size_t)l : 1);
        }
        i += l ? (size_t)l : 1;
    }
    buf_free(text);
    *text = out;
    return true;
}

/* ---- folding ----------------------------------------------------------- */

static bool is_pinyin_cp(uint32_t c, bool *tone)
{
    if (c >= 'a' && c <= 'z')
        return true;
    if ((c >= 0xC0 && c <= 0x24F) || (c >= 0x300 && c <= 0x36F)) {
        *tone = true;
        return true;
    }
    return false;
}

/* Pinyin in brackets after a character: "公開(kāi)". Returns the bytes it
 * spans from s (at the '('), or 0. */
static size_t pinyin_group(const char *s, size_t n, bool any_ok)
{
    size_t i = 0;
    uint32_t c;
    int l = utf8_decode(s, n, &c);
    if (!l || utf8_fold_cp(c) != '(')
        return 0;
    i += (size_t)l;
    int count = 0;
    bool tone = false;
    while (i < n && count <= 8) {
        l = utf8_decode(s + i, n - i, &c);
        if (!l)
            return 0;
        c = utf8_fold_cp(c);
        if (c == ')')
            return count > 0 && (tone || any_ok) ? i + (size_t)l : 0;
        if (!is_pinyin_cp(c, &tone))
            return 0;
        count++;
        i += (size_t)l;
    }
    return 0;
}

/* Folds the whole text once: full-width to ASCII, odd spaces and line
 * breaks to plain ones, box-drawing bars to '|', pinyin dropped. Counts
 * traditional-only characters into *trad. Nothing folds longer than it was,
 * so the output is written straight into a buffer of the input's size. */
static void fold_text(const char *s, size_t n, buf *out, int *trad)
{
    buf_reset(out);
    buf_reserve(out, n + 1);
    char *o = out->data;
    int tone_groups = 0, tr = 0;
    bool prev_han = false;
    size_t i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x20 && b < 0x80 && b != '(') {
            *o++ = (char)b;
            i++;
            prev_han = false;
            continue;
        }
        if (b >= 0xE4 && b <= 0xE9 && i + 2 < n) {
            /* U+4000..U+9FFF: characters that never fold */
            uint32_t c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
                         (uint32_t)(s[i + 2] & 0x3F);
            if (c >= 0x4E00 && (trad_bits[(c - 0x4E00) >> 3] & (1u << ((c - 0x4E00) & 7))))
                tr++;
            o[0] = s[i], o[1] = s[i + 1], o[2] = s[i + 2];
            o += 3;
            i += 3;
            prev_han = c >= 0x4E00;
            continue;
        }
        if (b < 0x80) {
            if (b == '(' && prev_han) {
                size_t g = pinyin_group(s + i, n - i, tone_groups >= 2);
                if (g) {
                    tone_groups++;
                    i += g;
                    continue;
                }
            }
            if (b == '\r') {
                if (!(i + 1 < n && s[i + 1] == '\n'))
                    *o++ = '\n';
            } else if (b == '\n' || b == '\t' || b == '(') {
                *o++ = (char)b;
            } else {
                *o++ = ' ';
            }
            prev_han = false;
            i++;
            continue;
        }
        uint32_t c;
        int l = utf8_decode(s + i, n - i, &c);
        if (!l) {   /* validated before; be safe anyway */
            i++;
            continue;
        }
        if (c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D) {
            i += (size_t)l;
            continue;
        }
        prev_han = false;
        uint32_t f = utf8_fold_cp(c);
        if (c == 0x2028 || c == 0x2029)
            f = '\n';
        else if (c == 0x2502 || c == 0x2503 || c == 0xFFE8)
            f = '|';
        if (f == '(' && i > 0) {
            /* a full-width bracket after a character may open pinyin too */
            uint32_t pc;
            size_t k = i >= 3 ? i - 3 : 0;
            if (i >= 3 && utf8_decode(s + k, 3, &pc) == 3 && utf8_is_han(pc)) {
                size_t g = pinyin_group(s + i, n - i, tone_groups >= 2);
                if (g) {
                    tone_groups++;
                    i += g;
                    continue;
                }
            }
        }
        if (c >= 0x3400 && utf8_is_han(c))
            prev_han = true;
        if (f == c) {
            memcpy(o, s + i, (size_t)l);
            o += l;
        } else {
            o += utf8_encode(f, o);
        }
        i += (size_t)l;
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    *trad = tr;
}

/* ---- cells ------------------------------------------------------------- */

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

static const char *const num_units[] = {"人次", "万元", "件", "条", "个", "次", "人", "元", "项", "篇", "家", "笔"};

/* The unit a number cell ends with: money in 元 or 万元, or a count (件, 笔). */
enum unit { U_NONE, U_YUAN, U_WAN, U_COUNT };
static int cell_unit(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= 6 && memcmp(s + n - 6, "万元", 6) == 0)
        return U_WAN;
    if (n >= 3 && memcmp(s + n - 3, "元", 3) == 0)
        return U_YUAN;
    if (n >= 1 && (unsigned char)s[n - 1] >= 0x80)
        return U_COUNT;   /* 件, 条, 笔, 人次 …: classify accepted only units */
    return U_NONE;
}

/* A whole cell that is a number: optional sign, digits (thousands commas
 * allowed), optional decimals, optional unit. */
static int classify(const char *s, size_t n, double *v, int *ndig)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return TK_BLANK;
    if ((n == 1 && (*s == '-' || *s == '/' || *s == '\\')) || (n == 2 && memcmp(s, "--", 2) == 0) ||
        (n == 3 && memcmp(s, "无", 3) == 0))
        return TK_NULLV;
    size_t i = 0;
    bool neg = false;
    if (s[i] == '+' || s[i] == '-')
        neg = s[i] == '-', i++;
    char tmp[48];
    size_t tl = 0;
    int digits = 0, idigits = 0;
    bool dot = false;
    size_t dstart = i;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            digits++;
            if (!dot)
                idigits++;
            if (tl < sizeof tmp - 1)
                tmp[tl++] = c;
        } else if (c == ',' && !dot && i > dstart && i + 4 <= n && s[i + 1] >= '0' && s[i + 1] <= '9' &&
                   s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9' &&
                   (i + 4 == n || s[i + 4] < '0' || s[i + 4] > '9')) {
            continue;
        } else if (c == '.' && !dot && digits > 0 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
            dot = true;
            if (tl < sizeof tmp - 1)
                tmp[tl++] = '.';
        } else {
            break;
        }
    }
    if (digits == 0)
        return TK_TEXT;
    if (i < n) {
        bool unit = false;
        for (size_t k = 0; k < sizeof num_units / sizeof num_units[0]; k++) {
            size_t ul = strlen(num_units[k]);
            if (n - i == ul && memcmp(s + i, num_units[k], ul) == 0)
                unit = true;
        }
        if (!unit)
            return TK_TEXT;
    }
    *ndig = idigits;
    if (idigits > RD_MAX_DIGITS)
        return TK_BIGNUM;
    tmp[tl] = '\0';
    double x = strtod(tmp, NULL);
    *v = neg ? -x : x;
    return TK_NUM;
}

/* A number cell made of ASCII digits only may be several cells run together. */
static void set_digits(struct tok *t)
{
    t->ds = NULL;
    t->dn = 0;
    t->neg = false;
    if (t->kind != TK_NUM && t->kind != TK_BIGNUM)
        return;
    size_t i0 = t->n > 1 && t->s[0] == '-' ? 1 : 0;
    for (size_t i = i0; i < t->n; i++)
        if (t->s[i] < '0' || t->s[i] > '9')
            return;
    if (t->n > i0 && t->n <= INT_MAX / 2) {
        t->ds = t->s + i0;
        t->dn = (int)(t->n - i0);
        t->neg = i0 > 0;
    }
}

/* ---- reader state ------------------------------------------------------ */

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

/* A label for messages: the cell's text, at most ~40 characters. */
static void copy_label(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && *s == ' ')
        s++, n--;
    size_t k = 0, i = 0;
    while (i < n) {
        uint32_t c;
        int l = utf8_decode(s + i, n - i, &c);
        if (!l)
            l = 1;
        if (k + (size_t)l + 4 >= cap) {
            memcpy(dst + k, "…", 3);
            k += 3;
            break;
        }
        memcpy(dst + k, s + i, (size_t)l);
        k += (size_t)l;
        i += (size_t)l;
    }
    dst[k] = '\0';
}

static const char *app_where(int id, char *w, size_t cap)
{
    snprintf(w, cap, "三/%s", id >= 0 ? rpt_app_rows[id].label : "?");
    return w;
}

/* ---- decoding runs (read_decode.c does the arithmetic) ------------------ */

/* The tokens of a row as printed ("53|0010|357"), for messages. */
static void tokens_text(const struct rd_dtok *t, int n, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < n && k + 24 < cap; i++) {
        if (i)
            out[k++] = ' ';
        if (t[i].s && t[i].neg)
            out[k++] = '-';
        if (t[i].s && t[i].n > 0) {
            int m = t[i].n < (int)(cap - k - 8) ? t[i].n : (int)(cap - k - 8);
            memcpy(out + k, t[i].s, (size_t)m);
            k += (size_t)m;
            if (m < t[i].n)
                k += (size_t)snprintf(out + k, cap - k, "…");
        } else if (t[i].s) {
            k += (size_t)snprintf(out + k, cap - k, "（过长）");
        } else if (rpt_is_null(t[i].v)) {
            out[k++] = '-';
        } else {
            k += (size_t)snprintf(out + k, cap - k, "%g", t[i].v);
        }
        out[k] = '\0';
    }
}

static void reading_text(const double *v, int n, buf *b)
{
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s%g", i ? "|" : "", v[i]);
}

/* Readings for a problem: those whose bit is set in mask (all when mask is 0). */
static void readings_text(const struct rd_reading *r, int nr, int ncells, uint64_t mask, int total, buf *b)
{
    int shown = 0, fit = 0;
    for (int i = 0; i < nr; i++) {
        if (mask && (i >= 64 || !(mask >> i & 1)))
            continue;
        fit++;
        if (shown >= READINGS_SHOWN)
            continue;
        buf_puts(b, shown ? "；" : "");
        reading_text(r[i].v, ncells, b);
        shown++;
    }
    int all = mask ? fit : (total > nr ? total : nr);
    if (all > shown)
        buf_printf(b, "；等共%d种", all);
}

/* Numbers with more digits than a count can have, that no cut turned into
 * cells: a READ error each (the cells stay null). Returns how many. */
static int report_bignums(rd *st, const struct row *w, const char *where)
{
    int k = 0;
    for (int i = 0; i < w->nv; i++) {
        const struct rd_dtok *d = &w->dt[i];
        if (!d->s || !rpt_is_null(d->v))
            continue;
        rpt_add_problem(st->r, "READ", RPT_ERROR, where, "第%d个数值%.*s%s有%d位数字，超出计数可能的位数（%d），未读入",
                        i + 1, d->n > 24 ? 24 : d->n, d->s, d->n > 24 ? "…" : "", d->n > 0 ? d->n : ROW_POOL,
                        RD_MAX_DIGITS);
        k++;
    }
    return k;
}

/* Whether a row's tokens have digits enough for ncells cells (else it is merely short). */
static bool runs_can_fill(const struct row *w, int ncells)
{
    int cells = 0;
    for (int i = 0; i < w->nv; i++)
        cells += w->dt[i].s ? (w->dt[i].n > 0 ? w->dt[i].n : ncells) : 1;
    return w->has_run && w->nv < ncells && cells >= ncells && ncells <= RD_DEC_MAXCELLS;
}

/* ---- closing rows ------------------------------------------------------ */

static int pro_field(int row, const char *key)
{
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].row == row && strcmp(rpt_pro_fields[f].key, key) == 0)
            return f;
    return -1;
}

/* The fields a row has in a layout, in the national column order. */
static int pro_fields_of(int row, unsigned layout_bit, int *out)
{
    int n = 0;
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].row == row && (rpt_pro_fields[f].layouts & layout_bit))
            out[n++] = f;
    return n;
}

static void set_pro(rd *st, int f, double v)
{
    if (rpt_is_null(st->r->pro[f]))
        st->r->pro[f] = v;
}

/* A row of table 二 whose numbers ran together: table 二 has no arithmetic
 * within a row, so only a cut that is the only one possible is taken.
 * Returns false when the row is left unread (a READ error says why). */
/* A row of table 二 whose numbers ran together: table 二 has no arithmetic
 * within a row but R6 (现行有效 ≥ 本年制发), so a cut is taken only when it
 * is the only one possible. A run printed against its label may also hold
 * the other layout's columns (seed 004: 行政许可 with three numbers under a
 * one-column header): those cuts count too. Returns false when the row is
 * left unread (a READ error lists the readings). */
static bool t2_decode(rd *st, struct row *w, const int *counts, int ncounts, const char *where)
{
    struct rd_reading rd_[RD_T3_MAXREAD], fit[RD_T3_MAXREAD];
    int fitn[RD_T3_MAXREAD], nfit = 0, more = 0;
    for (int k = 0; k < ncounts; k++) {
        int c = counts[k], total;
        bool dup = false;
        for (int j = 0; j < k; j++)
            dup |= counts[j] == c;
        if (dup || c < w->nv || c <= 0 || c > RD_DEC_MAXCELLS || (c > w->nv && !runs_can_fill(w, c)))
            continue;
        int nr = rd_split(w->dt, w->nv, c, RD_RULE_NONE, rd_, RD_T3_MAXREAD, &total);
        if (total < 0 || total > nr)
            more += total < 0 ? RD_T3_MAXREAD : total - nr;
        for (int i = 0; i < nr; i++) {
            if (c == 3 && w->id <= 1 && !(st->t2.l19 && !st->t2.l21) && rd_[i].v[2] < rd_[i].v[0])
                continue;   /* R6: 现行有效件数 ≥ 本年制发件数 (2021 columns) */
            if (nfit < RD_T3_MAXREAD) {
                fit[nfit] = rd_[i];
                fitn[nfit++] = c;
            } else {
                more++;
            }
        }
    }
    char digits[96];
    tokens_text(w->dt, w->nv, digits, sizeof digits);
    if (nfit == 1 && more == 0) {
        if (fitn[0] != w->nv) {
            buf b;
            buf_init(&b);
            reading_text(fit[0].v, fitn[0], &b);
            rpt_add_problem(st->r, "READ", RPT_WARNING, where, "本行数字连在一起（%s），只有一种拆分：%s", digits,
                            b.data);
            buf_free(&b);
        }
        memcpy(w->v, fit[0].v, sizeof(double) * (size_t)fitn[0]);
        w->nv = fitn[0];
        return true;
    }
    if (nfit == 0 && more == 0 && report_bignums(st, w, where) > 0)
        return false;
    if (nfit == 0 && more == 0 && w->has_glued) {
        rpt_add_problem(st->r, "READ", RPT_ERROR, where, "本行数字连在一起（%s），无法拆分为本表的列，未读入", digits);
        return false;
    }
    if (nfit == 0 && more == 0)
        return report_bignums(st, w, where) == 0;   /* no cut fits: read as printed */
    buf b;
    buf_init(&b);
    for (int i = 0; i < nfit && i < READINGS_SHOWN; i++) {
        buf_puts(&b, i ? "；" : "");
        reading_text(fit[i].v, fitn[i], &b);
    }
    if (nfit + more > READINGS_SHOWN)
        buf_printf(&b, "；等共%d种", nfit + more);
    rpt_add_problem(st->r, "READ", RPT_ERROR, where, "本行数字连在一起（%s），拆分方式不止一种，未读入：%s",
                    digits, b.data);
    buf_free(&b);
    return false;
}

static void close_t2_fields(rd *st, struct row *w, const char *where);

/* Table 二 in 元 where the national table has 万元: converted, with a note. */
static void close_t2(rd *st, struct row *w)
{
    double before[PRO_NFIELDS];
    memcpy(before, st->r->pro, sizeof before);
    char where[160];
    snprintf(where, sizeof where, "二/%s", rpt_pro_rows[w->id].label);
    close_t2_fields(st, w, where);
    for (int f = 0; f < PRO_NFIELDS && st->t2.yuan; f++)
        if (rpt_pro_fields[f].amount && rpt_pro_fields[f].row == w->id && rpt_is_null(before[f]) &&
            !rpt_is_null(st->r->pro[f])) {
            rpt_add_problem(st->r, "READ", RPT_WARNING, where, "表头单位为元，金额%g元已换算为%g万元", st->r->pro[f],
                            st->r->pro[f] / 10000);
            st->r->pro[f] /= 10000;
        }
}

static void close_t2_fields(rd *st, struct row *w, const char *where)
{
    int row = w->id;
    if (w->nv == 0)
        return;
    int f21[8], f19[8];
    int n21 = pro_fields_of(row, RPT_LAYOUT_BIT(RPT_LAYOUT_2021), f21);
    int n19 = pro_fields_of(row, RPT_LAYOUT_BIT(RPT_LAYOUT_2019), f19);
    int want = st->t2.nh > 0 ? st->t2.nh : st->t2.l19 && !st->t2.l21 ? n19 : n21;
    if (w->has_glued || runs_can_fill(w, want)) {
        int counts[3] = {want, n19, n21};
        if (!t2_decode(st, w, counts, w->has_glued ? 3 : 1, where))
            return;
    }
    if (st->t2.nh > 0 && w->nv <= st->t2.nh) {
        for (int i = 0; i < w->nv; i++) {
            const char *key = rpt_pro_fields[st->t2.hdr[i]].key;
            int f = pro_field(row, key);
            if (f >= 0)
                set_pro(st, f, w->v[i]);
            else if (!rpt_is_null(w->v[i]))
                rpt_add_problem(st->r, "READ", RPT_WARNING, where,
                                "第%d列（%s）不适用于“%s”，数值%g未读入", i + 1,
                                rpt_pro_fields[st->t2.hdr[i]].header, rpt_pro_rows[row].label, w->v[i]);
        }
        return;
    }
    /* more numbers than headers (or no headers): the columns of a layout that fits;
     * with headers that do not fit, the older (2019) columns first */
    const int *fs = NULL;
    int nf = 0;
    const char *which = NULL;
    if (st->t2.nh > 0 && w->nv == n19)
        fs = f19, nf = n19, which = "2019";
    else if (w->nv == n21)
        fs = f21, nf = n21, which = "2021";
    else if (w->nv == n19)
        fs = f19, nf = n19, which = "2019";
    if (fs) {
        for (int i = 0; i < nf; i++)
            set_pro(st, fs[i], w->v[i]);
        if (st->t2.nh > 0) {
            buf cols;
            buf_init(&cols);
            for (int i = 0; i < nf; i++)
                buf_printf(&cols, "%s%s", i ? "、" : "", rpt_pro_fields[fs[i]].header);
            rpt_add_problem(st->r, "READ", RPT_WARNING, where,
                            "本行有%d个数值而表头只有%d列，按%s年格式的列（%s）读入", w->nv, st->t2.nh,
                            which, cols.data);
            buf_free(&cols);
        }
        return;
    }
    /* keep what the headers name, say what is left over */
    int used = 0;
    for (int i = 0; i < st->t2.nh && i < w->nv; i++) {
        int f = pro_field(row, rpt_pro_fields[st->t2.hdr[i]].key);
        if (f >= 0)
            set_pro(st, f, w->v[i]);
        used++;
    }
    rpt_add_problem(st->r, "READ", RPT_WARNING, where, "本行有%d个数值，只读入了表头所列的%d个", w->nv, used);
}

static struct rd_t3row *t3dec(rd *st)
{
    if (!st->t3.dec)
        st->t3.dec = xcalloc(APP_NROWS, sizeof *st->t3.dec);
    return st->t3.dec;
}

/* A row of table 三 whose numbers ran together: its readings (the cuts whose
 * total is the sum of the six columns) wait for the whole table (end_t3). */
static void t3_decode_row(rd *st, struct row *w)
{
    struct rd_t3row *d = &t3dec(st)[w->id];
    char where[200];
    int total;
    memset(d, 0, sizeof *d);
    d->decoded = true;
    st->t3.decode = true;
    tokens_text(w->dt, w->nv, d->digits, sizeof d->digits);
    d->nread = rd_split(w->dt, w->nv, RPT_NCOLS, RD_RULE_SUM_LAST, d->read, RD_T3_MAXREAD, &total);
    if (total == 0) {
        /* no cut makes the total the sum: only a cut that is the only one possible is
         * taken (rule R3 then reports the row); otherwise the row stays unread */
        d->nread = rd_split(w->dt, w->nv, RPT_NCOLS, RD_RULE_NONE, d->read, 2, &total);
        if (total == 1) {
            d->forced = true;
        } else {
            d->nread = 0;
            rpt_add_problem(st->r, "READ", RPT_ERROR, app_where(w->id, where, sizeof where),
                            "本行数字连在一起（%s），没有一种拆分能使总计等于各列之和，未读入", d->digits);
        }
    } else if (total < 0 || total > RD_T3_MAXREAD) {
        d->nread = 0;
        rpt_add_problem(st->r, "READ", RPT_ERROR, app_where(w->id, where, sizeof where),
                        "本行数字连在一起（%s），可能的拆分太多，未读入", d->digits);
    }
}

static void close_t3(rd *st, struct row *w)
{
    char where[200];
    if (w->id < 0) {
        if (w->nv > 0)
            rpt_add_problem(st->r, "READ", RPT_WARNING, "三",
                            "“%s”一行的数值不属于全国格式的任何一行，未读入", w->label);
        return;
    }
    if (w->nv == 0) {
        if (!w->tentative)
            rpt_add_problem(st->r, "READ", RPT_WARNING, app_where(w->id, where, sizeof where),
                            "该行没有数值");
        return;
    }
    if (w->tentative && w->id == APP_O_OTHER)
        st->t3.single6 = true;
    if (st->t3.seen[w->id]) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, app_where(w->id, where, sizeof where),
                        "该行出现了不止一次，只读入第一次的数值");
        return;
    }
    st->t3.seen[w->id] = true;
    st->t3.rows++;
    st->t3.last = w->id;
    if (w->id == APP_O_NO_SUPPLEMENT || w->id == APP_O_FEE_UNPAID)
        st->t3.split = true;
    if (runs_can_fill(w, RPT_NCOLS)) {
        t3_decode_row(st, w);
        return;
    }
    for (int c = 0; c < RPT_NCOLS && c < w->nv; c++)
        st->r->app[w->id][c] = w->v[c];
    report_bignums(st, w, app_where(w->id, where, sizeof where));
    if (w->nv < RPT_NCOLS)
        rpt_add_problem(st->r, "READ", RPT_WARNING, app_where(w->id, where, sizeof where),
                        "该行只有%d个数值（应为%d个）", w->nv, RPT_NCOLS);
}

static void close_leg(rd *st, struct row *w)
{
    if (w->nv == 0)
        return;
    int k = w->id;
    int cur = st->leg.cum && st->leg.cum_pos == 0 ? 1 : 0;
    int cum = st->leg.cum ? 1 - cur : -1;
    if (st->leg.cum && runs_can_fill(w, 2)) {
        /* "17192": the year's figure and the cumulative one ran together */
        struct rd_reading rd_[RD_T3_MAXREAD];
        int total;
        int nr = rd_split(w->dt, w->nv, 2, RD_RULE_CUM, rd_, RD_T3_MAXREAD, &total);
        char digits[96];
        tokens_text(w->dt, w->nv, digits, sizeof digits);
        if (cur == 1) {   /* the cumulative column comes first: the rule reads the other way */
            nr = rd_split(w->dt, w->nv, 2, RD_RULE_NONE, rd_, RD_T3_MAXREAD, &total);
            int m = 0;
            for (int i = 0; i < nr; i++)
                if (rd_[i].v[0] >= rd_[i].v[1])
                    rd_[m++] = rd_[i];
            nr = total = m;
        }
        if (total != 1) {
            buf b;
            buf_init(&b);
            readings_text(rd_, nr, 2, 0, total, &b);
            rpt_add_problem(st->r, "READ", RPT_ERROR, rpt_legacy_defs[k].key,
                            "“%s”的本年数和累计数连在一起（%s），%s%s", w->label, digits,
                            total == 0 ? "无法拆分，未读入" : "拆分方式不止一种，未读入：", total > 1 ? b.data : "");
            buf_free(&b);
            return;
        }
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key,
                        "“%s”的本年数和累计数连在一起（%s），只有一种拆分（累计数不小于本年数）：%g|%g",
                        w->label, digits, rd_[0].v[0], rd_[0].v[1]);
        w->v[0] = rd_[0].v[0];
        w->v[1] = rd_[0].v[1];
        w->nv = 2;
    } else if (report_bignums(st, w, rpt_legacy_defs[k].key)) {
        return;
    }
    if (!rpt_is_null(st->r->legacy[k])) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key,
                        "“%s”出现了不止一次，只读入第一次的数值", w->label);
        return;
    }
    if (cur < w->nv) {
        st->r->legacy[k] = w->v[cur];
        st->leg.keys++;
    }
    if (cum >= 0 && cum < w->nv)
        st->r->legacy_cum[k] = w->v[cum];
}

static void close_row(rd *st)
{
    struct row *w = &st->row;
    switch (w->kind) {
    case RK_T2: close_t2(st, w); break;
    case RK_T3: close_t3(st, w); break;
    case RK_LEG: close_leg(st, w); break;
    default: break;
    }
    w->kind = RK_NONE;
}

static void open_row(rd *st, int kind, int id, const struct tok *t, int tok_idx, bool tentative)
{
    close_row(st);
    struct row *w = &st->row;
    w->kind = kind;
    w->id = id;
    w->tentative = tentative;
    w->line = st->line;
    w->label_tok = tok_idx;
    w->nv = 0;
    w->has_run = w->has_glued = w->yuan = false;
    w->pool_len = 0;
    copy_label(w->label, sizeof w->label, t->s, t->n);
}

static int row_capacity(const struct row *w, const rd *st)
{
    switch (w->kind) {
    case RK_T3: return RPT_NCOLS;
    case RK_LEG: return st->leg.cum ? 2 : 1;
    default: return ROW_MAXV;
    }
}

/* Puts a value (ds: its digits, when it may be a run of several cells). */
static void row_put(rd *st, double v, const char *ds, int dn, bool glued, bool neg)
{
    struct row *w = &st->row;
    if (w->nv < ROW_MAXV) {
        struct rd_dtok *d = &w->dt[w->nv];
        d->s = NULL;
        d->n = 0;
        d->v = v;
        d->neg = neg;
        if (ds && dn > 0) {
            if (dn <= ROW_POOL - w->pool_len) {
                memcpy(w->pool + w->pool_len, ds, (size_t)dn);
                d->s = w->pool + w->pool_len;
                d->n = dn;
                w->pool_len += dn;
            } else {
                d->s = w->pool;   /* too long to be cells: rd_split finds no reading */
                d->n = 0;
            }
            if (dn > 1)
                w->has_run = true;
            if (dn > 1 && glued)
                w->has_glued = true;
        }
        w->v[w->nv++] = v;
    }
    if (w->nv >= row_capacity(w, st))
        close_row(st);
}

/* ---- tables 三 and 四 at their end -------------------------------------- */

/* Whether row i is printed in the layout table 三 turned out to have. */
static bool t3_in_layout(const rd *st, int i)
{
    bool l19 = st->t3.single6 && !st->t3.split;
    return l19 ? rpt_app_rows[i].in_2019 : true;
}

/* The rows of table 三 that ran together, decided jointly by R1 and R2. */
static void t3_apply_decoded(rd *st)
{
    struct rd_t3row *rows = st->t3.dec;
    char where[200];
    if (!st->t3.decode || !rows)
        return;
    st->t3.decode = false;
    bool r2 = st->t3.seen[APP_HANDLED_TOTAL];
    for (int i = 0; i < APP_NROWS; i++) {
        struct rd_t3row *d = &rows[i];
        if (rpt_app_rows[i].outcome && t3_in_layout(st, i) && !st->t3.seen[i])
            r2 = false;
        if (d->decoded || !st->t3.seen[i])
            continue;
        d->nread = 1;   /* a row printed with separators: fixed, if whole */
        for (int c = 0; c < RPT_NCOLS; c++) {
            d->read[0].v[c] = st->r->app[i][c];
            if (rpt_is_null(d->read[0].v[c]))
                d->nread = 0;
        }
    }
    rd_solve_t3(rows, r2);
    for (int i = 0; i < APP_NROWS; i++) {
        struct rd_t3row *d = &rows[i];
        if (!d->decoded)
            continue;
        d->decoded = false;
        app_where(i, where, sizeof where);
        if (d->chosen >= 0 && d->nread > 0) {
            buf b;
            buf_init(&b);
            reading_text(d->read[d->chosen].v, RPT_NCOLS, &b);
            memcpy(st->r->app[i], d->read[d->chosen].v, sizeof st->r->app[i]);
            rpt_add_problem(st->r, "READ", RPT_WARNING, where, "本行数字连在一起（%s），%s：%s", d->digits,
                            d->forced ? "只有一种拆分（但总计不等于各列之和）"
                            : d->joint ? "按表内勾稽关系（各列第一项加第二项等于第三项加第四项、"
                                         "办理结果总计等于各项之和）拆分为"
                            : d->nread == 1 ? "按本行总计等于各列之和拆分为" : "拆分为", b.data);
            buf_free(&b);
        } else if (d->nread > 1) {
            buf b;
            buf_init(&b);
            readings_text(d->read, d->nread, RPT_NCOLS, d->fitmask, d->nread, &b);
            rpt_add_problem(st->r, "READ", RPT_ERROR, where,
                            "本行数字连在一起（%s），符合勾稽关系的拆分不止一种，未读入：%s", d->digits, b.data);
            buf_free(&b);
        }
    }
    memset(rows, 0, sizeof *rows * APP_NROWS);
}

/* Blank cells the table's own totals prove to be 0 (counts are ≥ 0): a row
 * whose given columns already add up to its total (R3), a column whose given
 * outcomes already add up to 办理结果总计 (R2). */
static void t3_blank_zero(rd *st)
{
    double (*a)[RPT_NCOLS] = st->r->app;
    char where[200];
    for (int i = 0; i < APP_NROWS; i++) {
        if (!st->t3.seen[i] || rpt_is_null(a[i][COL_TOTAL]))
            continue;
        double sum = 0;
        int nul = 0;
        for (int c = 0; c < COL_TOTAL; c++)
            rpt_is_null(a[i][c]) ? (void)nul++ : (void)(sum += a[i][c]);
        if (nul == 0 || nul == COL_TOTAL || sum != a[i][COL_TOTAL])
            continue;
        for (int c = 0; c < COL_TOTAL; c++)
            if (rpt_is_null(a[i][c]))
                a[i][c] = 0;
        rpt_add_problem(st->r, "READ", RPT_WARNING, app_where(i, where, sizeof where),
                        "%d个空白单元格按本行总计（已由其余各列凑足）计为0", nul);
    }
    if (!st->t3.seen[APP_HANDLED_TOTAL])
        return;
    for (int c = 0; c < RPT_NCOLS; c++) {
        double tot = a[APP_HANDLED_TOTAL][c], sum = 0;
        int nul = 0, seen = 0;
        if (rpt_is_null(tot))
            continue;
        for (int i = 0; i < APP_NROWS; i++) {
            if (!rpt_app_rows[i].outcome || !st->t3.seen[i])
                continue;
            seen++;
            rpt_is_null(a[i][c]) ? (void)nul++ : (void)(sum += a[i][c]);
        }
        if (nul == 0 || nul == seen || sum != tot)
            continue;
        for (int i = 0; i < APP_NROWS; i++)
            if (rpt_app_rows[i].outcome && st->t3.seen[i] && rpt_is_null(a[i][c]))
                a[i][c] = 0;
        snprintf(where, sizeof where, "三/%s", rpt_col_labels[c]);
        rpt_add_problem(st->r, "READ", RPT_WARNING, where,
                        "“%s”一列有%d个空白单元格，按办理结果总计（已由其余各项凑足）计为0", rpt_col_labels[c], nul);
    }
}

static void end_t3(rd *st, bool at_eof)
{
    t3_apply_decoded(st);
    if (st->t3.rows > 0 && !st->t3.blank_done) {
        st->t3.blank_done = true;
        t3_blank_zero(st);
    }
    if (st->t3.rows == 0 || st->t3.seen[APP_CARRIED_OUT])
        return;
    if (at_eof) {
        rpt_add_problem(st->r, "READ", RPT_ERROR, "三",
                        "表三在“%s”一行之后中断：输入在“%s”一行之前结束", rpt_app_rows[st->t3.last].label,
                        rpt_app_rows[APP_CARRIED_OUT].label);
        return;
    }
    bool l19 = st->t3.single6 && !st->t3.split;
    buf missing;
    buf_init(&missing);
    int nm = 0;
    for (int i = 0; i < APP_NROWS; i++) {
        if (st->t3.seen[i] || (l19 && !rpt_app_rows[i].in_2019) ||
            (!l19 && st->t3.single6 && i == APP_O_OTHER))
            continue;
        if (nm < 4)
            buf_printf(&missing, "%s“%s”", nm ? "、" : "", rpt_app_rows[i].label);
        nm++;
    }
    if (nm)
        rpt_add_problem(st->r, "READ", RPT_WARNING, "三", "表三缺少%d行：%s%s", nm, missing.data,
                        nm > 4 ? "等" : "");
    buf_free(&missing);
}

/* Table 四's numbers ran together: cut them into 15 cells by R4 (each
 * group's total is the sum of its four results). Cells on which every
 * reading agrees are kept; the others stay null with the readings listed. */
static void t4_decode(rd *st)
{
    enum { N = RL_NGROUPS * RL_NCOLS };
    struct rd_reading rd_[RD_T3_MAXREAD];
    int total = 0, nr = 0;
    char digits[96];
    tokens_text(st->t4.tok, st->t4.ntok, digits, sizeof digits);
    if (!st->t4.jumped && st->t4.ntok <= T4_MAXTOK)
        nr = rd_split(st->t4.tok, st->t4.ntok, N, RD_RULE_GROUPS5, rd_, RD_T3_MAXREAD, &total);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            st->r->rl[g][c] = RPT_NULL;
    if (total <= 0 || nr == 0) {
        rpt_add_problem(st->r, "READ", RPT_ERROR, "四", "表四的数字连在一起（%s），%s，未读入", digits,
                        total < 0 ? "可能的拆分太多" : "没有一种拆分能使各组总计等于各项之和");
        return;
    }
    int agreed = 0;
    for (int k = 0; k < N; k++) {
        bool same = true;
        for (int i = 1; i < nr && same; i++)
            same = rd_[i].v[k] == rd_[0].v[k];
        if (same && total <= RD_T3_MAXREAD) {
            st->r->rl[k / RL_NCOLS][k % RL_NCOLS] = rd_[0].v[k];
            agreed++;
        }
    }
    buf b;
    buf_init(&b);
    if (total == 1) {
        reading_text(rd_[0].v, N, &b);
        rpt_add_problem(st->r, "READ", RPT_WARNING, "四", "表四的数字连在一起（%s），按各组总计等于各项之和拆分为：%s",
                        digits, b.data);
    } else {
        readings_text(rd_, nr, N, 0, total, &b);
        rpt_add_problem(st->r, "READ", RPT_ERROR, "四",
                        "表四的数字连在一起（%s），符合各组总计的拆分不止一种，%d个数值未读入：%s", digits, N - agreed,
                        b.data);
    }
    buf_free(&b);
}

static void end_t4(rd *st, bool at_eof)
{
    if (!st->t4.active)
        return;
    st->t4.active = false;
    if (st->t4.pos < RL_NGROUPS * RL_NCOLS && st->t4.run) {
        t4_decode(st);
        return;
    }
    if (st->t4.pos >= RL_NGROUPS * RL_NCOLS || (st->t4.pos == 0 && !st->t4.hdr))
        return;
    if (at_eof) {
        if (st->t4.pos == 0)
            rpt_add_problem(st->r, "READ", RPT_ERROR, "四", "表四在表头之后中断：输入在第一个数值之前结束");
        else
            rpt_add_problem(st->r, "READ", RPT_ERROR, "四",
                            "表四中断：输入在%d个数值之后结束（应为%d个：%s、%s、%s各%d个）", st->t4.pos,
                            RL_NGROUPS * RL_NCOLS, rpt_rl_group_labels[0], rpt_rl_group_labels[1],
                            rpt_rl_group_labels[2], RL_NCOLS);
        return;
    }
    if (st->t4.pos > 0)
        rpt_add_problem(st->r, "READ", RPT_ERROR, "四", "表四只有%d个数值（应为%d个）", st->t4.pos,
                        RL_NGROUPS * RL_NCOLS);
}

static void set_ctx(rd *st, int ctx)
{
    if (st->ctx == ctx)
        return;
    close_row(st);
    if (st->ctx == CX_T3)
        end_t3(st, false);
    if (st->ctx == CX_T4)
        end_t4(st, false);
    st->ctx = ctx;
    if (ctx == CX_T2)
        st->t2.nh = 0, st->t2.yuan = false;
    if (ctx == CX_T3)
        st->t3.group = G_NONE;
    if (ctx == CX_T4) {
        st->t4.active = true;
        st->t4.hdr = false;
        st->t4.pending = -1;
        st->t4.ntok = 0;
        st->t4.pool_len = 0;
        st->t4.run = st->t4.jumped = false;
    }
}

static void t4_put(rd *st, double v, const char *ds, int dn)
{
    if (st->t4.pending >= 0) {
        int start = st->t4.pending * RL_NCOLS;
        if (st->t4.pos < start)
            st->t4.jumped = true;
        if (st->t4.pos <= start)
            st->t4.pos = start;
        st->t4.pending = -1;
    }
    if (st->t4.pos >= RL_NGROUPS * RL_NCOLS)
        return;
    if (st->t4.ntok < T4_MAXTOK) {
        struct rd_dtok *d = &st->t4.tok[st->t4.ntok++];
        d->s = NULL;
        d->n = 0;
        d->v = v;
        d->neg = false;
        if (ds && dn > 0) {
            d->s = st->t4.pool;
            if (dn <= ROW_POOL - st->t4.pool_len) {
                memcpy(st->t4.pool + st->t4.pool_len, ds, (size_t)dn);
                d->s = st->t4.pool + st->t4.pool_len;
                d->n = dn;
                st->t4.pool_len += dn;
            }
            if (dn > 1)
                st->t4.run = true;
        }
    } else {
        st->t4.jumped = true;
    }
    int g = st->t4.pos / RL_NCOLS, c = st->t4.pos % RL_NCOLS;
    if (rpt_is_null(st->r->rl[g][c]))
        st->r->rl[g][c] = v;
    st->t4.pos++;
}

/* ---- matching ---------------------------------------------------------- */

/* Edit distance between a and b, or k + 1 as soon as it must exceed k. */
static int lev_bounded(const uint32_t *a, int la, const uint32_t *b, int lb, int k)
{
    if (la - lb > k || lb - la > k)
        return k + 1;
    int prev[NORM_MAX + 1], cur[NORM_MAX + 1];
    for (int j = 0; j <= lb; j++)
        prev[j] = j;
    for (int i = 1; i <= la; i++) {
        cur[0] = i;
        int best = i;
        for (int j = 1; j <= lb; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > k)
            return k + 1;
        memcpy(prev, cur, sizeof(int) * (size_t)(lb + 1));
    }
    return prev[lb];
}

static bool fuzzy_kind(int kind)
{
    return kind == EK_SECTION || kind == EK_T2_ROW || kind == EK_T2_HDR || kind == EK_T3_ROW ||
           kind == EK_T3_GROUP || kind == EK_LEG;
}

/* Typos tolerated: none in short labels, one from 6 characters (5 for the
 * row labels of tables 三 and 2008, which are specific), two from 10. */
static int allowed_edits(const struct entry *d)
{
    int n = d->ncp;
    if (n >= 10)
        return 2;
    if (n >= 6 || (n == 5 && (d->kind == EK_LEG || d->kind == EK_T3_ROW)))
        return 1;
    return 0;
}

static int fuzzy_find(const uint32_t *cp, int ncp)
{
    if (ncp < 5)
        return -1;
    int best = -1, bestd = 3;
    for (int L = ncp - 2; L <= ncp + 2; L++) {
        if (L < 5 || L > NORM_MAX)
            continue;
        for (int e = by_len[L]; e >= 0; e = dict[e].next_len) {
            const struct entry *d = &dict[e];
            if (!fuzzy_kind(d->kind))
                continue;
            int k = allowed_edits(d);
            if (ncp - L > k || L - ncp > k)
                continue;
            if (d->cp[0] != cp[0] && d->cp[L - 1] != cp[ncp - 1])
                continue;
            int dist = lev_bounded(cp, ncp, d->cp, L, k < bestd - 1 ? k : bestd - 1);
            if (dist <= k && dist < bestd) {
                bestd = dist;
                best = e;
            }
        }
    }
    return best;
}

/* Unit words such as 万元 right after a label: "依申请公开信息收取的费用万元". */
static int prefix_find(const uint32_t *cp, int ncp, const char *key, size_t klen)
{
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        size_t ul = strlen(units[k]);
        if (klen > ul && memcmp(key + klen - ul, units[k], ul) == 0) {
            int e = dict_find(key, klen - ul);
            if (e >= 0 && dict[e].kind == EK_LEG)
                return e;
        }
    }
    (void)cp, (void)ncp;
    return -1;
}

/* Among entries with the same text, the one the context means. */
static int choose(rd *st, int e)
{
    int best = -1;
    for (int x = e; x >= 0; x = dict[x].next_same) {
        const struct entry *d = &dict[x];
        if (d->kind == EK_LEG) {
            const char *parent = rpt_legacy_defs[d->id].parent;
            if (best < 0 || dict[best].kind != EK_LEG)
                best = x;
            else if (parent && st->leg.top >= 0 &&
                     strcmp(parent, rpt_legacy_defs[st->leg.top].key) == 0)
                best = x;
            continue;
        }
        if (d->kind == EK_T3_ROW && (d->id == APP_O_OTHER || d->id == APP_HANDLED_TOTAL)) {
            if (st->ctx == CX_T3 && st->t3.rows + (st->row.kind == RK_T3) > 0 &&
                (d->id == APP_HANDLED_TOTAL || st->t3.group == G_OTHER))
                return x;
            continue;
        }
        if (d->kind == EK_T4_HDR || d->kind == EK_T4_GROUP) {
            if (st->ctx == CX_T4 || best < 0)
                best = x;
            continue;
        }
        if (best < 0)
            best = x;
    }
    return best;
}

/* ---- tokens ------------------------------------------------------------ */

static void process_tokens(rd *st);
#define TOK_BATCH 4096   /* a line with more cells is read in batches (bounded memory) */

static void push_tok(rd *st, const char *s, size_t n)
{
    if (st->ntoks == TOK_BATCH) {
        process_tokens(st);
        st->ntoks = 0;
    }
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (st->ntoks == st->cap_toks) {
        st->cap_toks = st->cap_toks ? st->cap_toks * 2 : 64;
        st->toks = xrealloc(st->toks, st->cap_toks * sizeof *st->toks);
    }
    struct tok *t = &st->toks[st->ntoks++];
    t->s = s;
    t->n = n;
    t->v = 0;
    t->ndig = 0;
    t->kind = classify(s, n, &t->v, &t->ndig);
    set_digits(t);
    t->glued = false;
}

static void apply_entry(rd *st, int e, struct tok *t, int idx);
static void handle_value(rd *st, struct tok *t, int idx);
static bool handle_text(rd *st, struct tok *t, int idx);

/* ---- run-together text: cutting a cell by the labels in it --------------
 * A cell that holds labels and numbers with nothing between them is cut into
 * pieces: a label is recognised where it starts the cell, follows a number,
 * follows another label, or follows the end of a sentence with its row
 * numbering ("。二、主动公开政府信息情况"). Numbers count only after a label or
 * another number; a number inside a sentence stays in the sentence, so a
 * figure is never taken away from the sentence it belongs to. The digits of
 * a row number ("…00002.其他法律…") go with the label they number. */
enum sk { SK_TEXT, SK_LABEL, SK_NUM };
struct seg {
    uint8_t kind;
    int entry;
    const char *s;
    size_t n;
};
/* What the scanner last saw. P_LTEXT: text right after a label, a number or
 * a row number, which may still be a label printed with a typo (matched
 * loosely when read); after LTEXT_MAX code points it is a sentence (P_TEXT). */
enum sprev { P_START, P_TEXT, P_PUNCT, P_ANCHOR, P_DIGITS, P_LTEXT };
#define LTEXT_MAX 40

static bool is_digit_c(char c) { return c >= '0' && c <= '9'; }

static bool has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit_c(s[i]))
            return true;
    return false;
}

/* The arabic row number a cell starts with ("2.其他…" → 2), else -1. */
static int lead_number(const char *s, size_t n)
{
    size_t i = 0, i0;
    int v = 0;
    if (n >= 6 && memcmp(s, "其中", 6) == 0) {   /* "其中:1.政府网站公开数" */
        i = 6;
        while (i < n && (s[i] == ':' || s[i] == ' '))
            i++;
    }
    i0 = i;
    while (i < n && i - i0 < 3 && is_digit_c(s[i]))
        v = v * 10 + (s[i++] - '0');
    if (i == i0 || i >= n)
        return -1;
    return s[i] == '.' || (n - i >= 3 && memcmp(s + i, "、", 3) == 0) ? v : -1;
}

static bool is_cn_numeral(uint32_t c) { return c != '0' && is_numeral(c) && c > 0x80; }

static bool sentence_end(uint32_t c) { return c == 0x3002 || c == 0xFF0E || c == 0x3002 || c == ';' || c == ':' || c == '!' || c == '?'; }

/* Row numbering at s+p ("一、", "(一)", "①", and "1." "1、" when arabic):
 * its length in bytes (0: none); *num is an arabic number, else -1. */
static size_t numbering_at(const char *s, size_t n, size_t p, bool arabic, int *num)
{
    uint32_t c;
    size_t i = p;
    int l = utf8_decode(s + i, n - i, &c);
    *num = -1;
    if (!l)
        return 0;
    if (c >= 0x2460 && c <= 0x2473)
        return (size_t)l;
    if (c == '(') {
        int k = 0;
        i += (size_t)l;
        while (i < n && k < 4 && (l = utf8_decode(s + i, n - i, &c)) > 0 && is_numeral(c))
            i += (size_t)l, k++;
        return k > 0 && i < n && s[i] == ')' ? i + 1 - p : 0;
    }
    if (is_cn_numeral(c)) {
        int k = 0;
        while (i < n && k < 4 && (l = utf8_decode(s + i, n - i, &c)) > 0 && is_cn_numeral(c))
            i += (size_t)l, k++;
        if (i < n && (l = utf8_decode(s + i, n - i, &c)) > 0 && (c == 0x3001 || c == '.' || c == ','))
            return i + (size_t)l - p;
        return 0;
    }
    if (arabic && is_digit_c(s[i])) {
        int v = 0, k = 0;
        while (i < n && k < 3 && is_digit_c(s[i]))
            v = v * 10 + (s[i++] - '0'), k++;
        if (i < n && (l = utf8_decode(s + i, n - i, &c)) > 0 && (c == 0x3001 || c == '.') &&
            !(i + 1 < n && is_digit_c(s[i + 1]))) {
            *num = v;
            return i + (size_t)l - p;
        }
    }
    return 0;
}

static size_t unit_at(const char *s, size_t n, size_t p);

/* The longest label that starts at s+p (after "其中"), its dictionary entry
 * (or -1) and where it ends. Matching follows norm(): width and case folded,
 * spaces and punctuation inside a label skipped; a bracket, a digit or the
 * end of a sentence ends it. */
static int label_at(const char *s, size_t n, size_t p, size_t *end)
{
    char key[NORM_MAX * 4 + 1];
    size_t klen_at[NORM_MAX + 1], end_at[NORM_MAX + 1], kl = 0, i = p;
    uint32_t c0 = 0, c1 = 0;
    int k = 0;
    while (i < n && k < NORM_MAX) {
        uint32_t c;
        int l = utf8_decode(s + i, n - i, &c);
        if (!l)
            break;
        c = utf8_fold_cp(c);
        if (c == '(') {   /* a note or numbering inside a label is skipped, as norm() does */
            const char *cl = memchr(s + i, ')', n - i < 200 ? n - i : 200);
            if (!cl)
                break;
            i = (size_t)(cl - s) + 1;
            continue;
        }
        if ((c >= '0' && c <= '9') || sentence_end(c) || c == '|')
            break;
        i += (size_t)l;
        if (is_space_cp(c) || is_punct_cp(c)) {
            if (k == 0)
                return -1;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (k == 0)
            c0 = c;
        else if (k == 1)
            c1 = c;
        kl += (size_t)utf8_encode(c, key + kl);
        k++;
        klen_at[k] = kl;
        end_at[k] = i;
        if (k == 2 && !pair_len[pair_hash(c0, c1)])
            return -1;
    }
    if (k < 2)
        return -1;
    uint64_t mask = pair_len[pair_hash(c0, c1)];
    for (int L = k; L >= 2; L--) {
        if (!(mask >> (L - 1) & 1))
            continue;
        int e = dict_find(key, klen_at[L]);
        if (e < 0 || dict[e].kind == EK_UNIT)
            continue;
        /* a short label (其他, 总计, 规章) is only the start of a longer word
         * when a character follows that starts no label ("其他法…") */
        if (L < 4 && end_at[L] < n) {
            uint32_t c;
            size_t e2;
            if (utf8_decode(s + end_at[L], n - end_at[L], &c) && utf8_is_han(c) &&
                label_at(s, n, end_at[L], &e2) < 0 && !unit_at(s, n, end_at[L]))
                return -1;
        }
        *end = end_at[L];
        return e;
    }
    return -1;
}

/* In a sentence, whether a label may start at s+p: a row number (一、 (一))
 * or the first two characters of a distinctive label. */
static bool text_may_anchor(const char *s, size_t n, size_t p)
{
    uint32_t c0, c1;
    int l0 = utf8_decode(s + p, n - p, &c0);
    if (l0 != 3)
        return false;
    if (is_cn_numeral(c0))
        return true;
    return p + 3 < n && utf8_decode(s + p + 3, n - p - 3, &c1) && pair_dist[pair_hash(c0, c1)];
}

/* What may stand before a label: its numbering, "其中:", numbering again
 * ("其中:1.政府网站公开数"). Returns the bytes; *num as numbering_at. */
static size_t label_prefix(const char *s, size_t n, size_t p, bool arabic, int *num, bool *numbered)
{
    size_t i = p + numbering_at(s, n, p, arabic, num);
    *numbered = i > p;
    if (n - i >= 6 && memcmp(s + i, "其中", 6) == 0) {
        i += 6;
        while (i < n && (s[i] == ':' || s[i] == ' '))
            i++;
        int num2;
        size_t nb2 = numbering_at(s, n, i, true, &num2);
        i += nb2;
        *numbered |= nb2 > 0;
        if (num2 > 0)
            *num = num2;
    }
    return i - p;
}

/* A unit word at s+p (条, 件, 万元 …): its bytes, else 0. */
static size_t unit_at(const char *s, size_t n, size_t p)
{
    /* every unit word starts with one of these: a quick no for the rest */
    static const char firsts[] = "单条件个次人万元项篇家期场名笔";
    if (n - p < 3 || (unsigned char)s[p] < 0xE4 || !memmem(firsts, sizeof firsts - 1, s + p, 3))
        return 0;
    size_t best = 0;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        size_t ul = strlen(units[k]);
        if (ul > best && n - p >= ul && memcmp(s + p, units[k], ul) == 0)
            best = ul;
    }
    return best;
}

/* Labels that stand out even in the middle of a sentence: section titles,
 * the 2008 table's header (指标名称), the items of table 二. */
static bool distinctive(int e)
{
    const struct entry *d = &dict[e];
    return (d->kind == EK_SECTION && d->ncp >= 8) || d->kind == EK_LEG_HDR || d->kind == EK_T2_ITEM;
}

/* The arabic number a label is printed with: table 三's rows know theirs
 * ("2.其他法律行政法规禁止公开"); others follow the last one seen. */
static int expected_number(const rd *st, int e)
{
    for (int x = e; x >= 0; x = dict[x].next_same)
        if (dict[x].kind == EK_T3_ROW) {
            const char *num = rpt_app_rows[dict[x].id].number;
            return num[0] >= '1' && num[0] <= '9' ? atoi(num) : -1;
        }
    return st->seg.lastnum + 1;
}

static void seg_push(rd *st, int kind, int entry, const char *s, size_t n)
{
    if (st->seg.n == st->seg.cap) {
        st->seg.cap = st->seg.cap ? st->seg.cap * 2 : 64;
        st->seg.v = xrealloc(st->seg.v, st->seg.cap * sizeof *st->seg.v);
    }
    st->seg.v[st->seg.n++] = (struct seg){(uint8_t)kind, entry, s, n};
}

/* Cuts s[0..n) into pieces (st->seg.v); returns how many labels it found. */
static int segment_cut(rd *st, const char *s, size_t n)
{
    size_t p = 0, text0 = SIZE_MAX;
    int prev = P_START, nlabels = 0, lt = 0;
    st->seg.n = 0;
#define FLUSH_TEXT(upto)                                                                           \
    do {                                                                                           \
        if (text0 != SIZE_MAX)                                                                     \
            seg_push(st, SK_TEXT, -1, s + text0, (upto) - text0);                                  \
        text0 = SIZE_MAX;                                                                          \
    } while (0)
    while (p < n && st->seg.n < SEG_MAX) {
        bool minus = s[p] == '-' && p + 1 < n && is_digit_c(s[p + 1]) && (prev == P_ANCHOR || prev == P_DIGITS);
        if ((is_digit_c(s[p]) || minus) && prev != P_TEXT && prev != P_PUNCT) {
            size_t q = p + minus;   /* 本年增/减 "-2" */
            while (q < n && is_digit_c(s[q]))
                q++;
            if (n - q >= 3 && (memcmp(s + q, "年", 3) == 0 || memcmp(s + q, "月", 3) == 0 ||
                               memcmp(s + q, "日", 3) == 0)) {
                /* a date ("2009年我局…") begins a sentence, not a cell */
                if (text0 == SIZE_MAX)
                    text0 = p;
                prev = P_TEXT;
                p = q + 3;
                continue;
            }
            if (q + 1 < n && s[q] == '.' && is_digit_c(s[q + 1])) {   /* a decimal: one cell */
                q++;
                while (q < n && is_digit_c(s[q]))
                    q++;
            } else if (q < n && (s[q] == '.' || (n - q >= 3 && memcmp(s + q, "、", 3) == 0))) {
                /* "…00002.其他法律…": the row number of the next label */
                size_t le, sep = s[q] == '.' ? 1 : 3;
                int e = label_at(s, n, q + sep, &le);
                /* the number it should have; a list may also start again at 1 */
                int wants[2] = {e >= 0 ? expected_number(st, e) : st->seg.lastnum + 1, 1};
                bool taken = false;
                for (int k = 0; k < 2 && !taken; k++) {
                    char ws[12];
                    int want = wants[k];
                    int wl = want > 0 ? snprintf(ws, sizeof ws, "%d", want) : 0;
                    if (wl <= 0 || (size_t)wl > q - p || memcmp(s + q - (size_t)wl, ws, (size_t)wl) != 0)
                        continue;
                    FLUSH_TEXT(p);
                    if (q - (size_t)wl > p)
                        seg_push(st, SK_NUM, -1, s + p, q - (size_t)wl - p);
                    st->seg.lastnum = want;
                    taken = true;
                    if (e < 0) {   /* a numbered label not known as printed (a typo) */
                        nlabels++;
                        prev = P_LTEXT;
                        lt = 0;
                        p = q + sep;
                        continue;
                    }
                    seg_push(st, SK_LABEL, e, s + q - wl, le - (q - (size_t)wl));
                    nlabels++;
                    prev = P_ANCHOR;
                    p = le;
                }
                if (taken)
                    continue;
            }
            FLUSH_TEXT(p);
            size_t ul = unit_at(s, n, q);   /* "125600元": the unit stays with its number */
            if (ul == 6 && memcmp(s + q, "单位", 6) == 0)
                ul = 0;
            seg_push(st, SK_NUM, -1, s + p, q + ul - p);
            prev = P_DIGITS;
            p = q + ul;
            continue;
        }
        if (prev != P_TEXT || s[p] == '(' || text_may_anchor(s, n, p)) {
            /* inside a sentence, only a numbered label ("…报告一、总体情况") or a
             * distinctive one (a section title, the header of the 2008 table) */
            int num;
            bool numbered;
            size_t nb = label_prefix(s, n, p, prev == P_START || prev == P_PUNCT, &num, &numbered);
            size_t le;
            bool loose = prev != P_PUNCT && prev != P_TEXT;
            int e = nb || loose || (unsigned char)s[p] >= 0xE4 ? label_at(s, n, p + nb, &le) : -1;
            if (e >= 0 && !numbered && !loose && !distinctive(e))
                e = -1;   /* "…权力清单,其中行政许可21项": a sentence's figure */
            if (e >= 0 && !numbered && prev == P_LTEXT && dict[e].ncp < 4)
                e = -1;   /* "数量" inside a label with a typo (上年转结…申请数量) */
            if (e >= 0) {
                FLUSH_TEXT(p);
                seg_push(st, SK_LABEL, e, s + p, le - p);
                if (num > 0)
                    st->seg.lastnum = num;
                nlabels++;
                prev = P_ANCHOR;
                p = le;
                continue;
            }
            if (numbered && loose) {   /* a row number, then a label not known as printed */
                FLUSH_TEXT(p);
                nlabels++;
                if (num > 0)
                    st->seg.lastnum = num;
                p += nb;
                prev = P_LTEXT;
                lt = 0;
                continue;
            }
            size_t ul = loose ? unit_at(s, n, p) : 0;
            if (ul) {   /* 条, 万元 after a label or a number: transparent */
                p += ul;
                continue;
            }
            if (s[p] == '(' && prev != P_PUNCT && prev != P_TEXT) {   /* a note in brackets after a label */
                const char *cl = memchr(s + p, ')', n - p < 400 ? n - p : 400);
                if (cl) {
                    p = (size_t)(cl - s) + 1;
                    continue;
                }
            }
        }
        uint32_t c;
        int l = utf8_decode(s + p, n - p, &c);
        if (!l)
            l = 1, c = 0xFFFD;
        uint32_t f = utf8_fold_cp(c);
        if (is_space_cp(f) || is_punct_cp(f)) {
            if (prev == P_LTEXT && f == ',')
                prev = P_TEXT;   /* a comma: a sentence, no label ("…清单,其中行政许可21项") */
            if (prev == P_TEXT || prev == P_PUNCT || prev == P_LTEXT)
                prev = sentence_end(f) ? P_PUNCT : prev;
            p += (size_t)l;
            continue;
        }
        if (text0 == SIZE_MAX)
            text0 = p;
        if (prev != P_TEXT && prev != P_PUNCT && prev != P_LTEXT)
            prev = P_LTEXT, lt = 0;
        if (prev == P_LTEXT && ++lt > LTEXT_MAX)
            prev = P_TEXT;
        else if (prev == P_PUNCT)
            prev = P_TEXT;
        p += (size_t)l;
    }
    if (p < n && text0 == SIZE_MAX)
        text0 = p;
    FLUSH_TEXT(n);
#undef FLUSH_TEXT
    return nlabels;
}

/* Reads a cell by its pieces when it holds labels; false when it holds none. */
static bool segment(rd *st, const char *s, size_t n, int idx, bool waiting)
{
    /* a cell with no label in it is cut only when it starts with the number an
     * open row waits for ("2(二)通过…": the previous row's value, then text) */
    int nl = segment_cut(st, s, n);
    bool only_numbers = st->seg.n >= 1;   /* "单位2017": units and numbers, no text */
    for (size_t i = 0; i < st->seg.n && only_numbers; i++)
        only_numbers = st->seg.v[i].kind == SK_NUM;
    if (nl == 0 && !only_numbers && !(waiting && st->seg.n >= 1 && st->seg.v[0].kind == SK_NUM))
        return false;
    st->seg.active = true;   /* pieces are read one by one; none of them is cut again */
    size_t nsegs = st->seg.n;
    const struct seg *segs = st->seg.v;
    bool sentence = false;   /* after text that is no label: its numbers are its own */
    for (size_t i = 0; i < nsegs && !st->failed; i++) {
        struct tok t = {.s = segs[i].s, .n = segs[i].n, .kind = TK_TEXT};
        if (segs[i].kind == SK_NUM) {
            if (sentence && st->ctx != CX_T4)
                continue;
            t.kind = classify(t.s, t.n, &t.v, &t.ndig);
            set_digits(&t);
            t.glued = true;
            handle_value(st, &t, idx);
        } else if (segs[i].kind == SK_LABEL) {
            int e = choose(st, segs[i].entry);
            sentence = false;
            if (e >= 0 && (dict[e].kind == EK_T4_HDR || dict[e].kind == EK_T4_GROUP) && st->ctx != CX_T4 &&
                i + 1 < nsegs && segs[i + 1].kind == SK_NUM) {
                /* "行政诉讼：1件" outside table 四: a statement, not the table's header */
                sentence = true;
                close_row(st);
                continue;
            }
            if (e >= 0) {
                st->pend.live = false;
                apply_entry(st, e, &t, idx);
            } else {
                handle_text(st, &t, idx);
            }
        } else {
            sentence = !handle_text(st, &t, idx);
            if (sentence && st->ctx != CX_T4)
                close_row(st);
        }
    }
    st->seg.active = false;
    return true;
}

/* The one row label of the current table that starts with key (at least
 * WRAP_MIN code points and a quarter of the label), or -1. */
#define WRAP_MIN 3
static int label_with_prefix(const rd *st, const char *key, size_t klen, int ncp)
{
    int kind = st->ctx == CX_T3 ? EK_T3_ROW : st->ctx == CX_T2 ? EK_T2_ROW : st->ctx == CX_LEG ? EK_LEG : -1;
    if (kind < 0 || ncp < WRAP_MIN)
        return -1;
    int found = -1, nfound = 0, in_parent = -1, nparent = 0;
    for (int e = 0; e < ndict; e++) {
        const struct entry *d = &dict[e];
        if (d->kind != kind || d->ncp <= ncp || d->klen <= klen || memcmp(d->key, key, klen) != 0)
            continue;
        int first = dict_find(d->key, d->klen);
        if (first != found) {
            found = first;
            nfound++;
        }
        /* 2008 rows of the same words under different parents (维持具体行政行为数):
         * the one under the current top-level row */
        const char *parent = kind == EK_LEG ? rpt_legacy_defs[d->id].parent : NULL;
        if (parent && st->leg.top >= 0 && strcmp(parent, rpt_legacy_defs[st->leg.top].key) == 0 &&
            first != in_parent) {
            in_parent = first;
            nparent++;
        }
    }
    if (nfound > 1)
        found = nparent == 1 ? in_parent : -1;   /* the start of several labels */
    return found >= 0 && dict[found].ncp <= ncp * 4 ? found : -1;
}

/* A label wrapped over two or three lines, as text taken out of a PDF has
 * it ("5.要求行政机关确认或" / "重新出具已获取 | 0 | 0 …" / "信息"): its start
 * opens the row it can only be the start of, and its rest, when it comes, is
 * passed over. */
static bool wrapped_label(rd *st, const char *key, size_t klen, int ncp, struct tok *t, int idx)
{
    if (st->wrap.live && klen <= st->wrap.len && memcmp(st->wrap.rest + st->wrap.len - klen, key, klen) == 0 &&
        ncp >= 1) {
        st->wrap.live = false;   /* the end of the label opened above */
        st->pend.live = false;
        return true;
    }
    char jk[NORM_MAX * 8 + 2];
    size_t jl = 0;
    int jn = 0;
    if (st->pend.live && st->pend.ncp + ncp <= NORM_MAX) {
        memcpy(jk, st->pend.key, st->pend.len);
        jl = st->pend.len;
        jn = st->pend.ncp;
    }
    memcpy(jk + jl, key, klen);
    jl += klen;
    jn += ncp;
    int e = label_with_prefix(st, jk, jl, jn);
    if (e < 0 && jl > klen) {
        e = label_with_prefix(st, key, klen, ncp);
        jl = klen;
    }
    if (e >= 0)
        e = choose(st, e);
    if (e < 0)
        return false;
    st->wrap.len = dict[e].klen - jl;
    memcpy(st->wrap.rest, dict[e].key + jl, st->wrap.len);
    st->wrap.live = true;
    st->pend.live = false;
    apply_entry(st, e, t, idx);
    return true;
}

/* A header row run together ("信息内容本年新制作数量本年新公开数量…"): a cell
 * that is nothing but labels is read label by label. */
static bool headers_run_together(rd *st, struct tok *t, int idx)
{
    if (segment_cut(st, t->s, t->n) < 2)
        return false;
    for (size_t i = 0; i < st->seg.n; i++)
        if (st->seg.v[i].kind != SK_LABEL)
            return false;
    return segment(st, t->s, t->n, idx, false);
}

/* ---- a text cell, as named states ------------------------------------------
 * A cell of text passes through these states; each is one function that does
 * its part and names the next one, until it ends as a label (TS_IS_LABEL: a
 * label, a unit, a note, or a cell read piece by piece) or not (TS_NOT_LABEL:
 * text that ends a row with numbers, perhaps the start of a label broken
 * across cells).
 *
 *   TS_START       normalise            → TS_IS_LABEL (nothing left: a note in
 *                                         brackets, punctuation) | TS_RUN
 *   TS_RUN         labels and numbers run together: read by pieces
 *                                       → TS_IS_LABEL | TS_NARRATIVE (too long
 *                                         for a label) | TS_LOOKUP
 *   TS_NARRATIVE   a sentence           → TS_NOT_LABEL
 *   TS_LOOKUP      the dictionary, joined to the pending text first, then
 *                  alone (exact, prefix, typo)  → TS_LABEL | TS_HEADER_RUN
 *   TS_HEADER_RUN  header labels run together   → TS_IS_LABEL | TS_WRAPPED
 *   TS_WRAPPED     the start or the rest of a wrapped label
 *                                       → TS_IS_LABEL | TS_UNKNOWN
 *   TS_UNKNOWN     no label: kept as pending text → TS_NOT_LABEL
 *   TS_LABEL       apply the label      → TS_IS_LABEL
 */
enum ts {
    TS_START, TS_RUN, TS_NARRATIVE, TS_LOOKUP, TS_HEADER_RUN, TS_WRAPPED, TS_UNKNOWN, TS_LABEL,
    TS_IS_LABEL, TS_NOT_LABEL,
};

struct text_cell {
    struct tok *t;
    int idx;                 /* token index on its line */
    uint32_t cp[NORM_MAX];   /* normalised: code points ... */
    char key[NORM_MAX * 4 + 1];   /* ... and bytes */
    uint16_t klen;
    int ncp;                 /* -1: too long for a label */
    int e;                   /* the dictionary entry found */
};

static enum ts ts_start(rd *st, struct text_cell *c)
{
    (void)st;
    c->ncp = c->t->n > NORM_MAX * 8 ? -1 : norm(c->t->s, c->t->n, c->cp, c->key, &c->klen);
    return c->ncp == 0 ? TS_IS_LABEL : TS_RUN;
}

/* Labels and numbers run together ("…数量530010357二、上年结转…"), or a whole
 * page on one line: the cell is cut by the labels found in it. A long cell
 * without digits is a paragraph: a table run into a line has numbers. */
static enum ts ts_run(rd *st, struct text_cell *c)
{
    const struct tok *t = c->t;
    bool waiting = st->row.kind != RK_NONE && st->row.nv < row_capacity(&st->row, st);
    if (!st->seg.active && has_digit(t->s, t->n) &&
        (c->ncp < 0 || dict_find(c->key, c->klen) < 0 || (waiting && is_digit_c(t->s[0]))) &&
        segment(st, t->s, t->n, c->idx, waiting))
        return TS_IS_LABEL;
    int lead = lead_number(t->s, t->n);
    if (lead > 0)
        st->seg.lastnum = lead;
    return c->ncp < 0 ? TS_NARRATIVE : TS_LOOKUP;
}

/* Narrative ends any row that has its numbers. */
static enum ts ts_narrative(rd *st, struct text_cell *c)
{
    (void)c;
    if (st->row.kind != RK_NONE && st->row.nv > 0)
        close_row(st);
    st->pend.live = false;
    if (st->ctx == CX_T4 && st->t4.pos == 0)
        st->t4.hdr = false;
    return TS_NOT_LABEL;
}

static enum ts ts_lookup(rd *st, struct text_cell *c)
{
    int e = -1;
    /* a label broken across cells or lines: the previous text and this one */
    if (st->pend.live && st->pend.ncp + c->ncp <= NORM_MAX) {
        char jk[NORM_MAX * 8 + 2];
        uint32_t jcp[NORM_MAX];
        memcpy(jk, st->pend.key, st->pend.len);
        memcpy(jk + st->pend.len, c->key, c->klen);
        size_t jl = (size_t)st->pend.len + c->klen;
        jk[jl] = '\0';
        memcpy(jcp, st->pend.cp, sizeof(uint32_t) * (size_t)st->pend.ncp);
        memcpy(jcp + st->pend.ncp, c->cp, sizeof(uint32_t) * (size_t)c->ncp);
        int j = dict_find(jk, jl);
        if (j < 0)
            j = fuzzy_find(jcp, st->pend.ncp + c->ncp);
        if (j >= 0 && dict[j].kind != EK_UNIT)
            e = j;
    }
    if (e < 0) {
        e = dict_find(c->key, c->klen);
        if (e < 0)
            e = prefix_find(c->cp, c->ncp, c->key, c->klen);
        if (e < 0)
            e = fuzzy_find(c->cp, c->ncp);
    }
    if (e >= 0)
        e = choose(st, e);
    c->e = e;
    return e >= 0 ? TS_LABEL : TS_HEADER_RUN;
}

static enum ts ts_header_run(rd *st, struct text_cell *c)
{
    if (!st->seg.active && c->ncp >= 4 && headers_run_together(st, c->t, c->idx))
        return TS_IS_LABEL;
    return TS_WRAPPED;
}

static enum ts ts_wrapped(rd *st, struct text_cell *c)
{
    return wrapped_label(st, c->key, c->klen, c->ncp, c->t, c->idx) ? TS_IS_LABEL : TS_UNKNOWN;
}

/* Not a label: ends a row with numbers; short text may start a label that
 * the next cell ends; in table 四 it is a header. */
static enum ts ts_unknown(rd *st, struct text_cell *c)
{
    if (st->row.kind != RK_NONE && st->row.nv > 0)
        close_row(st);
    if (c->ncp <= 40) {
        memcpy(st->pend.key, c->key, c->klen);
        memcpy(st->pend.cp, c->cp, sizeof(uint32_t) * (size_t)c->ncp);
        st->pend.len = c->klen;
        st->pend.ncp = c->ncp;
        st->pend.live = true;
    } else {
        st->pend.live = false;
    }
    if (st->ctx == CX_T4)
        st->t4.hdr = true, st->t4.pending = -1;
    return TS_NOT_LABEL;
}

static enum ts ts_label(rd *st, struct text_cell *c)
{
    st->pend.live = false;
    apply_entry(st, c->e, c->t, c->idx);
    return TS_IS_LABEL;
}

static enum ts (*const text_states[])(rd *, struct text_cell *) = {
    [TS_START] = ts_start,         [TS_RUN] = ts_run,         [TS_NARRATIVE] = ts_narrative,
    [TS_LOOKUP] = ts_lookup,       [TS_HEADER_RUN] = ts_header_run, [TS_WRAPPED] = ts_wrapped,
    [TS_UNKNOWN] = ts_unknown,     [TS_LABEL] = ts_label,
};

/* Returns whether the text was a label (or a unit). */
static bool handle_text(rd *st, struct tok *t, int idx)
{
    struct text_cell c = {.t = t, .idx = idx, .e = -1};
    enum ts s = TS_START;
    while (s != TS_IS_LABEL && s != TS_NOT_LABEL)
        s = text_states[s](st, &c);
    return s == TS_IS_LABEL;
}

/* What a recognised label does to the reader: a section or header sets the
 * table (context), a row label opens a row that the next numbers fill. */
static void apply_entry(rd *st, int e, struct tok *t, int idx)
{
    const struct entry *d = &dict[e];
    switch (d->kind) {
    case EK_UNIT:
        if (st->row.kind != RK_NONE && st->row.nv == 0 && t->n == 3 && memcmp(t->s, "元", 3) == 0)
            st->row.yuan = true;   /* the unit column says 元: the amount is converted to 万元 */
        return;
    case EK_SECTION:
        close_row(st);
        set_ctx(st, d->id);
        if (d->id == CX_LEG) {
            st->leg.hdr_phase = true;
            st->leg.valhdrs = 0;
        }
        return;
    case EK_T2_ITEM:
    case EK_T2_HDRROW:
        close_row(st);
        set_ctx(st, CX_T2);
        st->t2.nh = 0;
        st->t2.yuan = false;
        return;
    case EK_T2_HDR:
        close_row(st);
        set_ctx(st, CX_T2);
        if (rpt_pro_fields[d->id].amount && memmem(t->s, t->n, "元", 3) && !memmem(t->s, t->n, "万元", 6))
            st->t2.yuan = true;   /* 本年收费金额（单位：元） */
        if (st->t2.nh < T2_MAXH)
            st->t2.hdr[st->t2.nh++] = d->id;
        {
            unsigned l = rpt_pro_fields[d->id].layouts;
            unsigned b21 = RPT_LAYOUT_BIT(RPT_LAYOUT_2021), b19 = RPT_LAYOUT_BIT(RPT_LAYOUT_2019);
            if ((l & b21) && !(l & b19))
                st->t2.l21 = true;
            if ((l & b19) && !(l & b21))
                st->t2.l19 = true;
        }
        return;
    case EK_T2_ROW:
        set_ctx(st, CX_T2);
        open_row(st, RK_T2, d->id, t, idx, false);
        return;
    case EK_T3_ROW:
        set_ctx(st, CX_T3);
        open_row(st, RK_T3, d->id, t, idx, false);
        return;
    case EK_T3_GROUP:
        set_ctx(st, CX_T3);
        st->t3.group = d->id;
        open_row(st, RK_T3, d->id == G_OTHER ? APP_O_OTHER : -1, t, idx, true);
        return;
    case EK_T3_HDR:
        if (st->row.kind != RK_NONE && st->row.nv > 0)
            close_row(st);
        if (st->ctx != CX_T3 && st->ctx != CX_T4)
            set_ctx(st, CX_T3);
        return;
    case EK_T4_GROUP:
        if (st->ctx != CX_T4)
            return;
        close_row(st);
        st->t4.pending = d->id;
        return;
    case EK_T4_HDR:
        close_row(st);
        set_ctx(st, CX_T4);
        st->t4.hdr = true;
        st->t4.pending = -1;
        return;
    case EK_LEG:
        set_ctx(st, CX_LEG);
        st->leg.hdr_phase = false;
        if (!rpt_legacy_defs[d->id].parent)
            st->leg.top = d->id;
        open_row(st, RK_LEG, d->id, t, idx, false);
        return;
    case EK_LEG_HDR:
        close_row(st);
        set_ctx(st, CX_LEG);
        st->leg.hdr_phase = true;
        st->leg.valhdrs = 0;
        st->leg.cum = false;
        return;
    case EK_LEG_VALHDR:
        if (st->leg.hdr_phase)
            st->leg.valhdrs++;
        st->leg.valhdr_line = st->line;
        return;
    case EK_LEG_CUMHDR:
        /* 历年累计: the 2008 rows that follow carry two numbers; the
         * cumulative one second when a value column (统计数, 本年, 2017) came first */
        close_row(st);
        st->leg.cum = true;
        st->leg.cum_pos = (st->leg.hdr_phase && st->leg.valhdrs > 0) || st->leg.valhdr_line == st->line ? 1 : 0;
        return;
    }
}

/* A 2008 row takes money only as money: "3笔 125600元" under 收取的费用 is
 * 12.56 万元 (converted, with a note), the 3 笔 a count that is not the
 * amount; a count row does not take an amount in 元. Returns false when the
 * number is not the row's. */
static bool money_fits(rd *st, const struct tok *t, double *v)
{
    int k = st->row.id, u = cell_unit(t->s, t->n);
    bool amount = rpt_legacy_defs[k].amount;
    if (amount && u == U_COUNT) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key, "“%.*s”是笔数或件数，不是金额，未读入",
                        (int)t->n, t->s);
        return false;
    }
    if (!amount && (u == U_YUAN || u == U_WAN)) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key, "“%.*s”是金额，不是“%s”的件数，未读入",
                        (int)t->n, t->s, rpt_legacy_defs[k].labels[0]);
        return false;
    }
    if (amount && (u == U_YUAN || (u == U_NONE && st->row.yuan))) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key, "金额%g元已换算为%g万元", *v, *v / 10000);
        *v /= 10000;
    }
    return true;
}

static void handle_value(rd *st, struct tok *t, int idx)
{
    (void)idx;
    st->pend.live = false;
    if (t->kind == TK_BIGNUM) {
        /* more digits than a count can have: cells run together (decoded when the
         * row or table closes), else a READ error and the cell stays null */
        bool t4 = st->row.kind == RK_NONE && st->ctx == CX_T4 && (st->t4.hdr || st->t4.pending >= 0) &&
                  st->t4.pos < RL_NGROUPS * RL_NCOLS;
        if (st->row.kind != RK_NONE || t4) {
            char where[160];
            if (st->row.kind != RK_NONE)
                snprintf(where, sizeof where, "%s", st->row.label);
            else
                snprintf(where, sizeof where, "四/%s/%s", rpt_rl_group_labels[st->t4.pos / RL_NCOLS],
                         rpt_rl_col_labels[st->t4.pos % RL_NCOLS]);
            if (!t->ds)
                rpt_add_problem(st->r, "READ", RPT_ERROR, where,
                                "第%d行：%.*s%s有%d位数字，超出计数可能的位数（%d），未读入", st->line,
                                t->n > 24 ? 24 : (int)t->n, t->s, t->n > 24 ? "…" : "", t->ndig, RD_MAX_DIGITS);
            if (st->row.kind != RK_NONE)
                row_put(st, RPT_NULL, t->ds, t->dn, true, t->neg);
            else
                t4_put(st, RPT_NULL, t->ds, t->dn);
        }
        return;
    }
    double v = t->kind == TK_NUM ? t->v : RPT_NULL;
    if (st->row.kind == RK_LEG && t->kind == TK_NUM && !money_fits(st, t, &v))
        return;
    if (st->row.kind != RK_NONE) {
        row_put(st, v, t->kind == TK_NUM ? t->ds : NULL, t->kind == TK_NUM ? t->dn : 0, t->glued, t->neg);
        return;
    }
    if (st->ctx == CX_T4 && (st->t4.hdr || st->t4.pending >= 0)) {
        t4_put(st, v, t->kind == TK_NUM ? t->ds : NULL, t->kind == TK_NUM ? t->dn : 0);
        return;
    }
    if (st->ctx == CX_LEG && st->leg.hdr_phase && t->kind == TK_NUM)
        st->leg.valhdrs++;
    if (t->kind == TK_NUM && t->v >= 1990 && t->v <= 2099 && t->v == (int)t->v)
        st->leg.valhdr_line = st->line;   /* a year as a column header */
}

static void process_tokens(rd *st)
{
    int last_val = -1;
    for (size_t i = 0; i < st->ntoks; i++)
        if (st->toks[i].kind == TK_NUM || st->toks[i].kind == TK_NULLV || st->toks[i].kind == TK_BIGNUM)
            last_val = (int)i;
    for (size_t i = 0; i < st->ntoks && !st->failed; i++) {
        struct tok *t = &st->toks[i];
        switch (t->kind) {
        case TK_BLANK:
            /* an empty cell between a label and a later number on its line holds a place
             * (in table 三 only between numbers: its labels span two or three columns) */
            if (st->row.kind != RK_NONE && st->row.line == st->line && (int)i > st->row.label_tok &&
                (int)i < last_val && !(st->row.kind == RK_T3 && st->row.nv == 0))
                row_put(st, RPT_NULL, NULL, 0, false, false);
            else if (st->row.kind == RK_NONE && st->ctx == CX_T4 && st->t4.hdr && st->t4.pos > 0 &&
                     (int)i < last_val)
                t4_put(st, RPT_NULL, NULL, 0);
            break;
        case TK_TEXT:
            handle_text(st, t, (int)i);
            break;
        default:
            handle_value(st, t, (int)i);
            break;
        }
    }
}

/* Cuts a line into cells: '|' separates when present, else tabs, else runs
 * of spaces outside brackets. */
static void tokenize(rd *st, const char *s, size_t n)
{
    st->ntoks = 0;
    const char *bar = memchr(s, '|', n);
    if (bar) {
        size_t i = 0;
        bool first = true;
        while (i <= n) {
            const char *q = memchr(s + i, '|', n - i);
            size_t end = q ? (size_t)(q - s) : n;
            if (first && st->carry.len) {
                buf_reset(&st->join);
                buf_append(&st->join, st->carry.data, st->carry.len);
                buf_append(&st->join, s + i, end - i);
                push_tok(st, st->join.data, st->join.len);
                buf_reset(&st->carry);
            } else {
                push_tok(st, s + i, end - i);
            }
            first = false;
            if (!q)
                break;
            i = end + 1;
        }
        return;
    }
    if (st->carry.len) {   /* the carried text did not meet a bar: a cell of its own */
        buf_reset(&st->join);
        buf_append(&st->join, st->carry.data, st->carry.len);
        buf_reset(&st->carry);
        push_tok(st, st->join.data, st->join.len);
    }
    if (memchr(s, '\t', n)) {
        size_t i = 0;
        while (i <= n) {
            const char *q = memchr(s + i, '\t', n - i);
            size_t end = q ? (size_t)(q - s) : n;
            if (end > i)
                push_tok(st, s + i, end - i);
            if (!q)
                break;
            i = end + 1;
        }
        return;
    }
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t j = i;
        int depth = 0;
        while (j < n && (s[j] != ' ' || depth > 0)) {
            if (s[j] == '(')
                depth++;
            else if (s[j] == ')' && depth > 0)
                depth--;
            j++;
        }
        push_tok(st, s + i, j - i);
        i = j;
    }
}

static bool starts_with_bar(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '|')
            return true;
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return false;
}

/* ---- the whole ---------------------------------------------------------- */

static int layout_of(rd *st, int year)
{
    int t2vals = 0;
    for (int f = 0; f < PRO_NFIELDS; f++)
        t2vals += !rpt_is_null(st->r->pro[f]);
    bool national = st->t3.rows > 0 || st->t4.pos > 0 || (t2vals > 0 && st->leg.keys < 5);
    if (national) {
        if (st->t3.split)
            return RPT_LAYOUT_2021;
        if (st->t3.single6)
            return RPT_LAYOUT_2019;
        if (st->t2.l19 && !st->t2.l21)
            return RPT_LAYOUT_2019;
        if (st->t2.l21 && !st->t2.l19)
            return RPT_LAYOUT_2021;
        if (year == 2019 || year == 2020)
            return RPT_LAYOUT_2019;
        return RPT_LAYOUT_2021;
    }
    if (st->leg.keys >= 2)
        return RPT_LAYOUT_2008;
    return RPT_LAYOUT_NARRATIVE;
}

static int count_line(const char *data, size_t off)
{
    int line = 1;
    const char *p = data, *end = data + off;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

int rpt_read(const char *data, size_t n, const char *source, rpt **out, err *e)
{
    *out = NULL;
    if (!source)
        source = "<input>";
    if (!data || n == 0)
        return err_set(e, GK_EINVAL, "", "%s: empty file: no report to read", source);
    if (n > RD_MAX_BYTES)
        return err_set(e, GK_EINVAL, "", "%s: %zu bytes, more than the %zu MB a report may have", source,
                       n, RD_MAX_BYTES >> 20);
    const char *nul = memchr(data, '\0', n);
    if (nul) {
        size_t off = (size_t)(nul - data);
        return err_set(e, GK_EINVAL, "", "%s:%d: binary data (NUL byte at byte offset %zu), not a report",
                       source, count_line(data, off), off);
    }
    size_t bad;
    if (!utf8_valid(data, n, &bad))
        return err_set(e, GK_EINVAL, "", "%s:%d: invalid UTF-8 at byte offset %zu (reports must be UTF-8)",
                       source, count_line(data, bad), bad);
    pthread_once(&dict_once, dict_init);

    struct rd_lines html;
    bool is_html = rd_is_html(data, n);
    const char *text = data;
    size_t tn = n;
    if (is_html) {
        int rc = rd_html_to_lines(data, n, source, &html, e);
        if (rc) {
            rd_lines_free(&html);
            return rc;
        }
        text = html.text.data;
        tn = html.text.len;
    }
    buf folded;
    buf_init(&folded);
    int trad = 0;
    fold_text(text, tn, &folded, &trad);
    bool blank = true;
    for (size_t i = 0; i < folded.len && blank; i++)
        blank = folded.data[i] == ' ' || folded.data[i] == '\n' || folded.data[i] == '\t';
    if (blank) {
        buf_free(&folded);
        if (is_html)
            rd_lines_free(&html);
        return err_set(e, GK_EINVAL, "", "%s: empty file: %s", source,
                       is_html ? "the HTML has no text" : "only white space");
    }
    if (!memmem(folded.data, folded.len, "公开", 6) && !memmem(folded.data, folded.len, "公開", 6)) {
        buf_free(&folded);
        if (is_html)
            rd_lines_free(&html);
        return err_set(e, GK_EINVAL, "", "%s: no report content found (no 公开 anywhere in %zu bytes)",
                       source, n);
    }

    rpt *r = rpt_new();
    rpt_set_source(r, source);
    bool cc_missing = false;
    if (trad >= TRAD_THRESHOLD && !to_simplified(&folded))
        cc_missing = true;

    rd st;
    memset(&st, 0, sizeof st);
    st.source = source;
    st.r = r;
    st.e = e;
    st.leg.top = -1;
    st.t3.group = G_NONE;
    st.t4.pending = -1;
    buf_init(&st.join);
    buf_init(&st.carry);
    st.line_of = is_html ? html.line_of : NULL;
    struct rd_meta *meta = rd_meta_new();

    const char *s = folded.data, *end = folded.data + folded.len;
    size_t li = 0;
    while (s < end && !st.failed) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        size_t ln = (size_t)(le - s);
        st.line = st.line_of ? (li < html.nlines ? st.line_of[li] : st.line_of[html.nlines - 1])
                             : (int)li + 1;
        rd_meta_line(meta, s, ln);
        const char *next = nl ? nl + 1 : end;
        const char *nnl = next < end ? memchr(next, '\n', (size_t)(end - next)) : NULL;
        size_t nextn = next < end ? (size_t)((nnl ? nnl : end) - next) : 0;
        bool has_bar = memchr(s, '|', ln) != NULL;
        size_t trim = ln;
        while (trim && (s[trim - 1] == ' ' || s[trim - 1] == '\t'))
            trim--;
        if (!has_bar && trim > 0 && trim < 400 && starts_with_bar(next, nextn)) {
            /* "4.保护第三方合法权益" then "|": the cell goes on on the next line */
            const char *b = s;
            while (b < s + trim && (*b == ' ' || *b == '\t'))
                b++;
            buf_append(&st.carry, b, (size_t)(s + trim - b));
        } else {
            tokenize(&st, s, ln);
            process_tokens(&st);
        }
        s = next;
        li++;
    }
    if (!st.failed) {
        struct row *w = &st.row;
        if (w->kind == RK_T3 && !(w->tentative && w->nv == 0) && w->nv < RPT_NCOLS && w->id >= 0 &&
            !runs_can_fill(w, RPT_NCOLS)) {
            char where[200];
            rpt_add_problem(r, "READ", RPT_ERROR, app_where(w->id, where, sizeof where),
                            "表三中断：第%d行“%s”只有%d个数值（应为%d个），输入在此结束", w->line, w->label, w->nv,
                            RPT_NCOLS);
        }
    }
    if (!st.failed) {
        close_row(&st);
        if (st.ctx == CX_T3)
            end_t3(&st, true);
        if (st.ctx == CX_T4)
            end_t4(&st, true);
    }
    int rc = st.failed;
    if (!rc) {
        r->year = rd_meta_year(meta);
        r->layout = layout_of(&st, r->year);
        char *agency = rd_meta_agency(meta, folded.data, folded.len);
        r->agency = agency;
        if (r->layout == RPT_LAYOUT_NARRATIVE || r->layout == RPT_LAYOUT_2008) {
            int nfound = 0;
            for (int k = 0; k < rpt_legacy_n; k++) {
                double v = rd_meta_count(meta, k);
                if (!rpt_is_null(v) && rpt_is_null(r->legacy[k])) {
                    r->legacy[k] = v;
                    r->legacy_from_text[k] = true;
                    nfound++;
                }
            }
            if (r->layout == RPT_LAYOUT_NARRATIVE && nfound == 0 && !rd_meta_is_report(meta) && !r->year) {
                rc = err_set(e, GK_EINVAL, "", "%s: no report content found: no tables, no counts, no title",
                             source);
            }
        }
        if (cc_missing)
            rpt_add_problem(r, "READ", RPT_WARNING, "",
                            "繁体字未转换为简体（OpenCC 的 t2s 数据不可用），部分标签可能未能识别");
    }
    rd_meta_free(meta);
    buf_free(&st.join);
    buf_free(&st.carry);
    free(st.toks);
    free(st.seg.v);
    free(st.t3.dec);
    buf_free(&folded);
    if (is_html)
        rd_lines_free(&html);
    if (rc) {
        rpt_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

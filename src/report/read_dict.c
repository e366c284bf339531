/*
 * report — the reader's dictionary and its view of cells (see read.c for the
 * whole): every label of the layouts (layout.c) and the headers and section
 * titles below, normalised and hashed; the text folded once (full-width to
 * ASCII, pinyin dropped, traditional to simplified through OpenCC); each cell
 * a number, a blank or text; labels matched exactly, by prefix or within a
 * bounded edit distance.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <opencc/opencc.h>

#include "report/read_state_internal.h"

/* ---- the dictionary ---------------------------------------------------- */

struct entry rd_dict[DICT_MAX];
int rd_ndict;
static int htab[HASH_SIZE];
static int by_len[NORM_MAX + 1];
static uint8_t trad_bits[(0xA000 - 0x4E00) / 8];
static pthread_once_t dict_once = PTHREAD_ONCE_INIT;

/* First two code points of the labels, for finding labels inside run-together text. */
uint64_t rd_pair_len[PAIR_SIZE];   /* bit L-1: some label of L code points starts with this pair */
uint8_t rd_pair_dist[PAIR_SIZE];   /* some distinctive label (see distinctive()) starts with it */

unsigned rd_pair_hash(uint32_t a, uint32_t b)
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
const char *const rd_units[] = {
    "单位", "条", "件", "个", "次", "人", "人次", "万元", "元", "项", "篇", "家", "期", "场", "名", "笔",
};
const size_t rd_nunits = sizeof rd_units / sizeof rd_units[0];
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

bool rd_is_punct_cp(uint32_t c)
{
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFFEF);
}

bool rd_is_space_cp(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool rd_is_numeral(uint32_t c)
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
int rd_norm(const char *s, size_t n, uint32_t *cp, char *key, uint16_t *klen)
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
            if (rd_is_numeral(c) && npend < 8) {
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
                if (rd_is_space_cp(c) || rd_is_punct_cp(c) || (c >= 0x2460 && c <= 0x24FF))
                    continue;
                start = false;
            }
        }
        if (rd_is_space_cp(c) || rd_is_punct_cp(c))
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

int rd_dict_find(const char *key, size_t klen)
{
    unsigned h = hash_key(key, klen) & (HASH_SIZE - 1);
    for (;;) {
        int e = htab[h];
        if (e < 0)
            return -1;
        if (rd_dict[e].klen == klen && memcmp(rd_dict[e].key, key, klen) == 0)
            return e;
        h = (h + 1) & (HASH_SIZE - 1);
    }
}

static void dict_add(const char *label, int kind, int id)
{
    if (!label || rd_ndict >= DICT_MAX)
        return;
    struct entry *e = &rd_dict[rd_ndict];
    int ncp = rd_norm(label, strlen(label), e->cp, e->key, &e->klen);
    if (ncp <= 0)
        return;
    e->ncp = (uint8_t)ncp;
    e->kind = (uint8_t)kind;
    e->id = (int16_t)id;
    e->next_same = -1;
    int first = rd_dict_find(e->key, e->klen);
    if (first >= 0) {
        int last = first;
        while (rd_dict[last].next_same >= 0)
            last = rd_dict[last].next_same;
        rd_dict[last].next_same = rd_ndict;
    } else {
        unsigned h = hash_key(e->key, e->klen) & (HASH_SIZE - 1);
        while (htab[h] >= 0)
            h = (h + 1) & (HASH_SIZE - 1);
        htab[h] = rd_ndict;
    }
    e->next_len = by_len[ncp];
    by_len[ncp] = rd_ndict;
    rd_ndict++;
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
    for (size_t k = 0; k < sizeof rd_units / sizeof rd_units[0]; k++)
        dict_add(rd_units[k], EK_UNIT, 0);

    for (int e = 0; e < rd_ndict; e++) {
        if (rd_dict[e].kind == EK_UNIT || rd_dict[e].ncp < 2)
            continue;
        unsigned h = rd_pair_hash(rd_dict[e].cp[0], rd_dict[e].cp[1]);
        rd_pair_len[h] |= (uint64_t)1 << (rd_dict[e].ncp - 1);
        if ((rd_dict[e].kind == EK_SECTION && rd_dict[e].ncp >= 8) || rd_dict[e].kind == EK_LEG_HDR ||
            rd_dict[e].kind == EK_T2_ITEM)
            rd_pair_dist[h] = 1;
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

void rd_dict_load(void) { pthread_once(&dict_once, dict_init); }

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
bool rd_to_simplified(buf *text)
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
/* The folding pass over a text: where it reads (s, n, i) and writes (o),
 * the pinyin groups dropped so far, the traditional characters counted,
 * and whether the last character was a Han character. */
struct fold {
    const char *s;
    size_t n, i;
    char *o;
    int tone_groups, tr;
    bool prev_han;
};

/* A pinyin group in brackets at i after a Han character: skipped whole. */
static inline bool fold_pinyin(struct fold *f)
{
    size_t g = pinyin_group(f->s + f->i, f->n - f->i, f->tone_groups >= 2);
    if (!g)
        return false;
    f->tone_groups++;
    f->i += g;
    return true;
}

/* U+4000..U+9FFF (three bytes): characters that never fold; the
 * traditional ones are counted. */
static inline void fold_han3(struct fold *f, unsigned char b)
{
    const char *s = f->s + f->i;
    uint32_t c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (uint32_t)(s[2] & 0x3F);
    if (c >= 0x4E00 && (trad_bits[(c - 0x4E00) >> 3] & (1u << ((c - 0x4E00) & 7))))
        f->tr++;
    f->o[0] = s[0], f->o[1] = s[1], f->o[2] = s[2];
    f->o += 3;
    f->i += 3;
    f->prev_han = c >= 0x4E00;
}

/* A control character or '(' : lines kept ("\r\n" and "\r" as "\n"), tabs
 * kept, other controls a space; '(' after a Han character may open pinyin. */
static inline void fold_ascii(struct fold *f, unsigned char b)
{
    if (b == '(' && f->prev_han && fold_pinyin(f))
        return;
    if (b == '\r') {
        if (!(f->i + 1 < f->n && f->s[f->i + 1] == '\n'))
            *f->o++ = '\n';
    } else if (b == '\n' || b == '\t' || b == '(') {
        *f->o++ = (char)b;
    } else {
        *f->o++ = ' ';
    }
    f->prev_han = false;
    f->i++;
}

/* Any other character: zero-width ones dropped, the rest folded
 * (utf8_fold_cp; line and box separators to "\n" and "|"). */
static inline void fold_other(struct fold *f)
{
    uint32_t c;
    int l = utf8_decode(f->s + f->i, f->n - f->i, &c);
    if (!l) {   /* validated before; be safe anyway */
        f->i++;
        return;
    }
    if (c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D) {
        f->i += (size_t)l;
        return;
    }
    f->prev_han = false;
    uint32_t x = utf8_fold_cp(c);
    if (c == 0x2028 || c == 0x2029)
        x = '\n';
    else if (c == 0x2502 || c == 0x2503 || c == 0xFFE8)
        x = '|';
    if (x == '(' && f->i >= 3) {
        /* a full-width bracket after a character may open pinyin too */
        uint32_t pc;
        if (utf8_decode(f->s + f->i - 3, 3, &pc) == 3 && utf8_is_han(pc) && fold_pinyin(f))
            return;
    }
    if (c >= 0x3400 && utf8_is_han(c))
        f->prev_han = true;
    if (x == c) {
        memcpy(f->o, f->s + f->i, (size_t)l);
        f->o += l;
    } else {
        f->o += utf8_encode(x, f->o);
    }
    f->i += (size_t)l;
}

void rd_fold_text(const char *s, size_t n, buf *out, int *trad)
{
    buf_reset(out);
    buf_reserve(out, n + 1);
    struct fold f = {.s = s, .n = n, .o = out->data};
    while (f.i < n) {
        unsigned char b = (unsigned char)s[f.i];
        if (b >= 0x20 && b < 0x80 && b != '(') {
            *f.o++ = (char)b;
            f.i++;
            f.prev_han = false;
        } else if (b >= 0xE4 && b <= 0xE9 && f.i + 2 < n) {
            fold_han3(&f, b);
        } else if (b < 0x80) {
            fold_ascii(&f, b);
        } else {
            fold_other(&f);
        }
    }
    out->len = (size_t)(f.o - out->data);
    out->data[out->len] = '\0';
    *trad = f.tr;
}

/* ---- cells ------------------------------------------------------------- */

static const char *const num_units[] = {"人次", "万元", "件", "条", "个", "次", "人", "元", "项", "篇", "家", "笔"};

/* The unit a number cell ends with: money in 元 or 万元, or a count (件, 笔). */
int rd_cell_unit(const char *s, size_t n)
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
int rd_classify(const char *s, size_t n, double *v, int *ndig)
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
void rd_set_digits(struct tok *t)
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


/* ---- matching ---------------------------------------------------------- */

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

int rd_fuzzy_find(const uint32_t *cp, int ncp)
{
    if (ncp < 5)
        return -1;
    int best = -1, bestd = 3;
    for (int L = ncp - 2; L <= ncp + 2; L++) {
        if (L < 5 || L > NORM_MAX)
            continue;
        for (int e = by_len[L]; e >= 0; e = rd_dict[e].next_len) {
            const struct entry *d = &rd_dict[e];
            if (!fuzzy_kind(d->kind))
                continue;
            int k = allowed_edits(d);
            if (ncp - L > k || L - ncp > k)
                continue;
            if (d->cp[0] != cp[0] && d->cp[L - 1] != cp[ncp - 1])
                continue;
            int dist = utf8_edit_distance(cp, (size_t)ncp, d->cp, (size_t)L, k < bestd - 1 ? k : bestd - 1);
            if (dist <= k && dist < bestd) {
                bestd = dist;
                best = e;
            }
        }
    }
    return best;
}

/* Unit words such as 万元 right after a label: "依申请公开信息收取的费用万元". */
int rd_prefix_find(const uint32_t *cp, int ncp, const char *key, size_t klen)
{
    for (size_t k = 0; k < sizeof rd_units / sizeof rd_units[0]; k++) {
        size_t ul = strlen(rd_units[k]);
        if (klen > ul && memcmp(key + klen - ul, rd_units[k], ul) == 0) {
            int e = rd_dict_find(key, klen - ul);
            if (e >= 0 && rd_dict[e].kind == EK_LEG)
                return e;
        }
    }
    (void)cp, (void)ncp;
    return -1;
}

/* Among entries with the same text, the one the context means. */
int rd_choose(rd *st, int e)
{
    int best = -1;
    for (int x = e; x >= 0; x = rd_dict[x].next_same) {
        const struct entry *d = &rd_dict[x];
        if (d->kind == EK_LEG) {
            const char *parent = rpt_legacy_defs[d->id].parent;
            if (best < 0 || rd_dict[best].kind != EK_LEG)
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

/* Labels that stand out even in the middle of a sentence: section titles,
 * the 2008 table's header (指标名称), the items of table 二. */
bool rd_distinctive(int e)
{
    const struct entry *d = &rd_dict[e];
    return (d->kind == EK_SECTION && d->ncp >= 8) || d->kind == EK_LEG_HDR || d->kind == EK_T2_ITEM;
}

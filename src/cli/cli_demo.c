/* cli — `gongkai demo [--reset]`: a demo agency with a year of realistic
 * records (documents through the review chain, applications in every state,
 * staff for every role), for trying the portal and the console. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "store/store.h"
#include "web/web.h"

#define DEMO_PASSWORD "gongkai2026"

static const struct {
    const char *login, *name, *role;
} demo_users[] = {
    {"xinxiyuan", "王晓燕", "officer"},
    {"shenhe", "李建国", "reviewer"},
    {"fushen", "陈静", "reviewer"},
    {"lingdao", "张卫东", "leader"},
    {"gongkaiban", "赵敏", "office"},
    {"admin", "刘洋", "admin"},
    {"anquan", "孙丽", "security"},
    {"shenji", "周强", "auditor"},
};

static const char *const demo_settings[][2] = {
    {"agency.office", "办公室"},
    {"agency.address", "青川市人民路88号市民政局办公楼三楼302室"},
    {"agency.postcode", "628100"},
    {"agency.phone", "0839-5521234"},
    {"agency.fax", "0839-5521235"},
    {"agency.hours", "周一至周五 上午8:30—12:00，下午14:30—17:30"},
    {"agency.email", "mzjgk@qingchuan.example.cn"},
    {"agency.supervisor", "青川市人民政府办公室（市政务公开办）"},
    /* the 指南's scope as a civil-affairs bureau writes its own (console: 机关信息) */
    {"guide.scope", "机构职能、机构设置、办公地址、办公时间、联系方式、负责人姓名\n行政规范性文件及其政策解读\n"
                    "民政事业发展规划、年度工作计划及执行情况\n"
                    "行政许可（社会组织成立、变更、注销登记，养老机构备案等）的事项、依据、条件、程序、办理时限及办理结果\n"
                    "行政处罚、行政强制的依据、条件、程序及本机关认为具有一定社会影响的处罚决定\n财政预算、决算信息\n"
                    "行政事业性收费的项目、依据、标准\n"
                    "最低生活保障、特困人员救助供养、临时救助等社会救助的政策、标准和资金发放情况（公示名单中的姓名、"
                    "身份证号码作去标识化处理）\n养老服务、儿童福利、婚姻登记、殡葬管理、区划地名等公共服务事项的办事指南\n"
                    "突发公共事件的应急预案、预警信息及应对情况\n政府信息公开工作年度报告\n"
                    "法律、法规、规章和国家有关规定应当主动公开的其他政府信息"},
    /* footer identifiers, zeros: the demo is not a registered site */
    {"agency.site_code", "5108000000"},
    {"agency.icp", "川ICP备00000000号"},
    {"agency.police_record", "川公网安备 51080002000000号"},
};

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int remove_db(const char *path)
{
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s%s", path, sfx[i]);
        if (unlink(p) && errno != ENOENT) {
            cli_error(p, "cannot remove: %s", strerror(errno));
            return 1;
        }
    }
    return 0;
}

static void make_parent_dir(const char *path)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755);
    }
}

/* The records: agency, settings, users. Later parts of the demo (documents,
 * applications, reviews) run through the same store in the same transaction. */
static int seed(store_t *st, int *ndocs, int *napps, err *e)
{
    struct store_agency a = {0};
    snprintf(a.code, sizeof a.code, "qcmzj");
    snprintf(a.name, sizeof a.name, "青川市民政局");
    snprintf(a.org_code, sizeof a.org_code, "115111000087654321");
    snprintf(a.index_pattern, sizeof a.index_pattern, "{ORG}/{YYYY}-{NNNNN}");
    int64_t aid;
    int rc = store_agency_add(st, &a, &aid, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < sizeof demo_settings / sizeof demo_settings[0]; i++)
        if ((rc = store_setting_set(st, aid, demo_settings[i][0], demo_settings[i][1], e)))
            return rc;
    char hash[128];
    if ((rc = web_password_hash(DEMO_PASSWORD, hash, e)))
        return rc;
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
        struct store_user u = {0};
        u.agency_id = aid;
        snprintf(u.login, sizeof u.login, "%s", demo_users[i].login);
        snprintf(u.name, sizeof u.name, "%s", demo_users[i].name);
        snprintf(u.role, sizeof u.role, "%s", demo_users[i].role);
        snprintf(u.pw_hash, sizeof u.pw_hash, "%s", hash);
        u.active = true;
        if ((rc = store_user_add(st, &u, NULL, e)))
            return rc;
    }
    if ((rc = demo_records(st, aid, a.name, ndocs, napps, e)))
        return rc;
    return store_audit_add(st, aid, "demo", "agency", aid, "demo_created", NULL, NULL, e);
}

static void print_logins(void)
{
    printf("demo staff logins (password %s for every account, at /login):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
        printf("  %-11s %s（%s）\n", demo_users[i].login, demo_users[i].name,
               web_role_label(web_role_from_key(demo_users[i].role)));
}

int cli_demo(cli_ctx *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        puts("usage: gongkai [--db PATH] demo [--reset] [--quiet] [--logins]\n\n"
             "Creates a demo agency (青川市民政局) with a year of realistic records: documents through\n"
             "the review chain, applications in every state, and a staff account for every role.\n"
             "Refuses a database that holds data already, unless --reset is given: then the SQLite\n"
             "file is removed and built again. --logins prints the demo staff logins only.");
        return 0;
    }
    bool reset = cli_flag(&argc, argv, "--reset");
    bool logins = cli_flag(&argc, argv, "--logins");
    bool quiet = cli_flag(&argc, argv, "--quiet");
    int rc = cli_reject_unknown(argc, argv, "demo");
    if (rc)
        return rc;
    if (argc > 0) {
        cli_error("demo", "unexpected argument '%s'", argv[0]);
        return 2;
    }
    if (logins) {
        print_logins();
        return 0;
    }
    if (sodium_init() < 0) {
        cli_error("demo", "libsodium could not start");
        return 1;
    }
    const char *path = ctx->db_path;
    bool pg = strncmp(path, "postgres", 8) == 0 || strstr(path, "dbname=");
    if (reset) {
        if (pg) {
            cli_error("demo", "--reset removes SQLite files only: drop and create the PostgreSQL database yourself");
            return 2;
        }
        if (remove_db(path))
            return 1;
    } else if (!pg) {
        make_parent_dir(path);
    }
    if (!pg && !file_exists(path))
        make_parent_dir(path);
    store_t *st;
    err e = {0};
    if (store_open(path, &st, &e))
        return cli_report_err(&e);
    struct store_agency *all;
    size_t n;
    if (store_agency_list(st, &all, &n, &e)) {
        store_close(st);
        return cli_report_err(&e);
    }
    free(all);
    if (n > 0) {
        store_close(st);
        cli_error("demo", "%s holds data already (%zu agencies): use 'gongkai demo --reset' to rebuild it", path, n);
        return 1;
    }
    int ndocs = 0, napps = 0;
    if ((rc = store_begin(st, &e)) == 0) {
        rc = seed(st, &ndocs, &napps, &e);
        if (rc)
            store_rollback(st);
        else
            rc = store_commit(st, &e);
    }
    store_close(st);
    if (rc)
        return cli_report_err(&e);
    if (!quiet) {
        printf("gongkai: demo agency 青川市民政局 created in %s: %d documents, %d applications\n", path, ndocs, napps);
        print_logins();
    }
    return 0;
}

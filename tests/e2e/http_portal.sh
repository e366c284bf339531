#!/usr/bin/env bash
# The public portal over HTTP: every fixed page, the standard security
# headers, caching of static files, large-text mode, errors for unknown pages
# and methods, and graceful shutdown on SIGTERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server

req GET /
check_code "home page answers 200" 200
check_body "home page names the agency" "青川市民政局"
check_body "home page is zh-CN" '<html lang="zh-CN">'
for s in 政府信息公开指南 政府信息公开制度 法定主动公开内容 政府信息公开年报 依申请公开; do
  check_body "navigation has $s" ">$s</a>"
done
check_header "CSP without inline script" "^Content-Security-Policy: default-src 'none'; style-src 'self'.*frame-ancestors 'none'"
check_header "X-Content-Type-Options" "^X-Content-Type-Options: nosniff"
check_header "X-Frame-Options" "^X-Frame-Options: DENY"
check_header "Referrer-Policy" "^Referrer-Policy: same-origin"
check_header "HTML content type" "^Content-Type: text/html; charset=utf-8"
check_not_body "no script on the page" "<script"

req GET /guide
check_code "guide answers 200" 200
check_body "guide: 20 working days (Art. 33)" "20个工作日"
check_body "guide: extension of at most 20 more" "延长的期限最长不超过"
check_body "guide: supplementation within 7 working days" "7个工作日"
check_body "guide: review within 60 days" "60日"
check_body "guide: lawsuit within 6 months" "6个月"
check_body "guide: fees per count" "11—30件"
check_body "guide: the office address from settings" "人民路88号"
check_body "guide marks its section current" 'aria-current="page">政府信息公开指南'

req GET /rules
check_code "rules page answers 200" 200
check_body "rules: the review chain" "撰稿、一审、二审、三审"

req GET "/guide?size=large"
check_code "large-text mode answers 200" 200
check_body "large-text mode sets the body class" '<body class="large">'
check_body "links keep large-text mode" 'href="/rules\?size=large"'
check_body "the toggle offers the standard size back" '>标准字号</a>'

req GET /no/such/page
check_code "unknown page is 404" 404
check_body "404 page is in Chinese" "页面不存在"
req DELETE /guide
check_code "wrong method is 405" 405
check_header "405 says what is allowed" "^Allow:"

# static files: ETag, long caching when versioned, 304 on revalidation
css=$(sed -n 's/.*href="\(\/static\/gongkai.css?v=[0-9a-f]*\)".*/\1/p' "$TMP/body" | head -1)
req GET "$css"
check_code "style sheet answers 200" 200
check_header "style sheet is text/css" "^Content-Type: text/css"
check_header "versioned style sheet is immutable" "^Cache-Control: public, max-age=31536000, immutable"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$TMP/hdr")
req GET "$css" -H "If-None-Match: $etag"
check_code "revalidation with the ETag gives 304" 304
req GET /favicon.ico
check_code "favicon answers 200" 200
req GET /robots.txt
check_body "robots.txt keeps crawlers out of the console" "Disallow: /console"
req GET /static/../../etc/passwd
[ "$CODE" = 404 ] || [ "$CODE" = 400 ] && ok "path traversal finds nothing ($CODE)" || fail "path traversal ($CODE)"
req HEAD /guide -I
check_code "HEAD answers 200" 200

# the page cache: a second request is served the same bytes
req GET /rules; cp "$TMP/body" "$TMP/first"
req GET /rules
check "cached page is identical" cmp -s "$TMP/first" "$TMP/body"
check_header "public pages may be cached briefly" "^Cache-Control: public, max-age=60"

req GET /healthz
check_body "health check answers" '"status":"ok"'

check_grep "access log records requests, one structured line each" '^time=[^ ]+ ip="127.0.0.1" method="GET" path="/guide" status=200 bytes=[0-9]+ ms=[0-9.]+ user="-" end=ok$' "$TMP/access.log"
check_nogrep "access log keeps query strings out" 'size=large' "$TMP/access.log"

finish

#!/usr/bin/env bash
# Feeds and discovery over HTTP: RSS 2.0 and Atom of new publications (all,
# per Art. 20 item, per category) and of withdrawals and repeals, sitemap.xml
# and the JSON API listing the same. Every feed is parsed with libxml2
# (xmllint) and its required elements checked; a document published through
# the review chain is in, and once withdrawn it is out of the publication
# feeds and in the changes feed without its title.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
D="$G --db $DB doc"

# xp FILE XPATH: the string value, with the feed namespaces bound
xp() { xmllint --xpath "$2" "$1" 2>/dev/null; }
rss_ok() {   # FILE: well-formed RSS 2.0 with channel title/link/description and items with title/link/guid/pubDate
  xmllint --noout "$1" || return 1
  [ "$(xp "$1" 'string(/rss/@version)')" = 2.0 ] || return 1
  for e in title link description; do [ -n "$(xp "$1" "string(/rss/channel/$e)")" ] || return 1; done
  [ "$(xp "$1" 'count(/rss/channel/item[not(title) or not(link) or not(guid) or not(pubDate)])')" = 0 ]
}
atom_ok() {  # FILE: well-formed Atom with feed id/title/updated/author and entries with id/title/updated/link
  xmllint --noout "$1" || return 1
  local a="/*[local-name()='feed' and namespace-uri()='http://www.w3.org/2005/Atom']"
  for e in id title updated author; do [ "$(xp "$1" "count($a/*[local-name()='$e'])")" = 1 ] || return 1; done
  [ "$(xp "$1" "count($a/*[local-name()='entry'][not(*[local-name()='id']) or not(*[local-name()='title']) or not(*[local-name()='updated']) or not(*[local-name()='link'])])")" = 0 ]
}
get() { req GET "$1"; cp "$TMP/body" "$TMP/$2"; }

for f in new.rss new.atom changes.rss changes.atom "new.rss?item=1" "new.atom?category=%E7%A4%BE%E4%BC%9A%E6%95%91%E5%8A%A9"; do
  get "/feeds/$f" feed
  check_code "/feeds/$f answers 200" 200
  case $f in
    *.rss*) check "/feeds/$f is RSS 2.0 (libxml2)" rss_ok "$TMP/feed"
            check_grep "with its content type" 'application/rss\+xml' "$TMP/hdr" ;;
    *) check "/feeds/$f is Atom (libxml2)" atom_ok "$TMP/feed"
       check_grep "with its content type" 'application/atom\+xml' "$TMP/hdr" ;;
  esac
done
get /feeds/new.rss feed
n=$(xp "$TMP/feed" 'count(/rss/channel/item)')
[ "$n" -ge 10 ] && ok "the publication feed lists the newest ($n)" || fail "items: $n"
get /feeds/changes.rss feed
check_grep "the changes feed has the demo's repeal" '<title>已废止：' "$TMP/feed"
for bad in /feeds/new.xml /feeds/other.rss "/feeds/new.rss?item=16" "/feeds/new.rss?category=nothing"; do
  req GET "$bad"; check_code "$bad is 404" 404
done

# a new publication is in every feed it belongs to
W=$($D add --title 订阅源检验文件 --issuer 青川市民政局 --written 2026-01-03 --body 订阅源检验正文 --item 11 \
      --category 社会救助 --genre 通知 --as 张三 2>/dev/null)
$D submit "$W" --as 张三 >/dev/null && $D review "$W" --approve --as 李四 >/dev/null &&
  $D review "$W" --approve --as 王五 >/dev/null && $D review "$W" --approve --as 赵六 >/dev/null &&
  $D publish "$W" --as 孙七 >/dev/null 2>&1 && ok "a document published through the chain" || fail "publish $W"
sleep 1.1   # the server notices a change made by another process within a second (server.c)
for f in new.rss new.atom "new.rss?item=11" "new.atom?category=%E7%A4%BE%E4%BC%9A%E6%95%91%E5%8A%A9"; do
  get "/feeds/$f" feed
  check_grep "/feeds/$f has the new publication" "订阅源检验文件" "$TMP/feed"
  check_grep "linking its page" "/doc/$W(<|\")" "$TMP/feed"
done
get "/feeds/new.rss?item=4" feed
check_nogrep "not in another item's feed" "订阅源检验文件" "$TMP/feed"
check_nogrep "no feed carries a document's text" "订阅源检验正文" "$TMP/feed"
get /api/v1/public/feeds/new feed.json
check_code "the JSON lists the same" 200
check "with the new publication first" python3 -c "
import json,sys; j=json.load(open('$TMP/feed.json'))
e=j['entries'][0]; assert e['id']==$W and e['event']=='published' and e['title']=='订阅源检验文件', e
assert e['url'].endswith('/doc/$W'), e"
get /sitemap.xml sitemap
check "sitemap.xml is well-formed (libxml2)" xmllint --noout "$TMP/sitemap"
[ "$(xp "$TMP/sitemap" "count(//*[local-name()='loc'][contains(., '/doc/$W')])")" = 1 ] &&
  ok "sitemap.xml lists the new document" || fail "sitemap lacks /doc/$W"

# withdrawn: out of the publication feeds, in the changes feed without its title
$D withdraw "$W" --reason 检验撤回 --as 孙七 >/dev/null 2>&1 && ok "withdrawn" || fail "withdraw $W"
sleep 1.1
for f in new.rss new.atom "new.rss?item=11"; do
  get "/feeds/$f" feed
  check_nogrep "/feeds/$f no longer has it" "订阅源检验文件|/doc/$W(<|\")" "$TMP/feed"
done
get /feeds/changes.atom feed
check "the changes feed still parses" atom_ok "$TMP/feed"
check_grep "and lists the withdrawal" "doc/$W#withdrawn-" "$TMP/feed"
check_grep "by its index number" "<title>已撤回：索引号 " "$TMP/feed"
check_nogrep "without its title" "订阅源检验文件" "$TMP/feed"
get /api/v1/public/feeds/changes feed.json
check "the JSON changes list has it, untitled" python3 -c "
import json; j=json.load(open('$TMP/feed.json'))
e=[x for x in j['entries'] if x['id']==$W]; assert e and e[0]['event']=='withdrawn' and e[0]['title']=='', e"
get /sitemap.xml sitemap
[ "$(xp "$TMP/sitemap" "count(//*[local-name()='loc'][contains(., '/doc/$W')])")" = 0 ] &&
  ok "sitemap.xml no longer lists it" || fail "sitemap still has /doc/$W"

# absolute links follow the agency's public address
$G --db "$DB" agency set agency.url https://mzj.qc.gov.cn/ && ok "agency set agency.url" || fail "agency set agency.url"
sleep 1.1
get /feeds/new.rss feed
check_grep "links start with agency.url" "<link>https://mzj.qc.gov.cn/doc/[0-9]+</link>" "$TMP/feed"
done_testing

#!/usr/bin/env bash
# Serve a plenary build with the configurations in this folder, on loopback ports, and check
# them from outside as a reader's browser would:
#
#   bash examples/deploy/check.sh <out-dir>        (<out-dir>/members and <out-dir>/public)
#
# - members, HTTP basic authentication (nginx): without credentials every file of the build
#   (pages, search index, attachments, feeds, sitemap, 404) answers 401; with them, 200 and the
#   build's exact bytes; a wrong password is refused; the headers below on every answer.
# - members, single sign-on (nginx + a stand-in for oauth2-proxy on 127.0.0.1:4180): nginx -t,
#   then a reader without a session is sent to sign in, one with a session gets the exact bytes.
# - public (nginx, and Caddy when installed): every public file answers 200 with its exact
#   bytes, every path that exists only in the members build answers 404; caching and security
#   headers; plenary's 404 page; no folder listing.
# - the publish workflow's members deploy step, run as written against a loopback SSH
#   server (sshd, rsync): the build arrives byte for byte, a host with another key is refused.
# - then Chromium (when playwright-core is found, see .ci/tools) signs in,
#   opens a restricted briefing, runs a search, and reports any Content-Security-Policy
#   violation; and does the same on the public site.
#
# Needs nginx, htpasswd (apache2-utils), curl and python3; Caddy is checked when installed.
# Every process it starts is stopped when it ends, whatever happens.
set -euo pipefail

out=${1:?usage: check.sh <out-dir> (holding members/ and public/)}
out=$(cd "$out" && pwd)
members=$out/members
public=$out/public
here=$(cd "$(dirname "$0")" && pwd)
for dir in "$members" "$public"; do
  [ -f "$dir/index.html" ] || { echo "check.sh: $dir/index.html not found: build both audiences first" >&2; exit 2; }
done
for tool in nginx htpasswd curl python3; do
  command -v "$tool" >/dev/null || { echo "check.sh: $tool is not installed (apt-get install nginx caddy apache2-utils curl)" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for prefix in "$work"/nginx-*; do
    [ -f "$prefix/nginx.pid" ] && kill "$(cat "$prefix/nginx.pid")" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The servers read copies of the build (hard links where they can) with a gzip copy of one page
# beside it, as a build compressed ahead of time would have: the check that it is sent as is.
stage() { # dir name: prints the copy's path
  local copy=$work/$2
  cp -al "$1" "$copy" 2>/dev/null || cp -a "$1" "$copy"
  [ -f "$copy/en/index.html" ] && gzip -9 -n -c "$copy/en/index.html" >"$copy/en/index.html.gz"
  echo "$copy"
}
members_root=$(stage "$members" members-root)
public_root=$(stage "$public" public-root)

failures=0
checks=0
pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Start nginx with one server file of this folder, its host part written here: listen on
# loopback, root at the build. Everything else is the shipped files, unchanged.
start_nginx() { # name server-file site-include port root
  local name=$1 server=$2 site=$3 port=$4 root=$5
  local prefix=$work/nginx-$name
  mkdir -p "$prefix/conf/plenary" "$prefix/temp" "$prefix/logs"
  cp "$here"/nginx/*.conf "$prefix/conf/plenary/"
  cp "$work/members.htpasswd" "$prefix/conf/plenary/members.htpasswd"
  printf 'listen 127.0.0.1:%s;\nserver_name localhost;\nroot %s;\n' "$port" "$root" >"$prefix/conf/plenary/$site"
  local user=""
  [ "$(id -u)" = 0 ] && user="user root;"
  cat >"$prefix/conf/nginx.conf" <<EOF
$user
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $prefix/logs/access.log;
  client_body_temp_path $prefix/temp/body;
  proxy_temp_path $prefix/temp/proxy;
  fastcgi_temp_path $prefix/temp/fastcgi;
  uwsgi_temp_path $prefix/temp/uwsgi;
  scgi_temp_path $prefix/temp/scgi;
  include plenary/plenary-http.conf;
  include plenary/$server;
}
EOF
  nginx -q -t -p "$prefix" -c conf/nginx.conf || { echo "check.sh: nginx -t refused $server" >&2; exit 1; }
  nginx -p "$prefix" -c conf/nginx.conf
  wait_for "$port"
}

wait_for() { # port
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "check.sh: nothing answers on port $1" >&2
  exit 1
}

# Every file of a build, one per line: its path and the URL path that serves it.
urls_of() { # dir
  (cd "$1" && find . -type f | LC_ALL=C sort) | python3 -c '
import sys, urllib.parse
for line in sys.stdin:
    path = line.rstrip("\n")[2:]
    print(path + "\t/" + urllib.parse.quote(path))'
}

# GET a URL: prints "<status>", the body in $work/body, the headers in $work/headers.
get() { # url [curl args…]
  local url=$1
  shift
  # A refused connection is status 000, reported by the check that reads it, not an exit.
  curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" "$url" || true
}
quote() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
header() { # name: the value of that header in the last answer (every value, one per line)
  grep -i "^$1:" "$work/headers" | sed 's/^[^:]*: *//; s/\r$//' || true
}
expect_header() { # what name pattern
  if header "$2" | grep -qE -- "$3"; then pass; else fail "$1: header $2 should match /$3/, got '$(header "$2" | tr '\n' '|')'"; fi
}
expect_no_header() { # what name
  if [ -z "$(header "$2")" ]; then pass; else fail "$1: header $2 should be absent, got '$(header "$2")'"; fi
}

page_policy="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
sandbox_policy="^sandbox; default-src 'none'"

# Every file of `dir` at `base`, with `args` (credentials): 200 and the exact bytes.
expect_every_file() { # what base dir [curl args…]
  local what=$1 base=$2 dir=$3 n=0
  shift 3
  while IFS=$'\t' read -r path url; do
    n=$((n + 1))
    local status
    status=$(get "$base$url" "$@")
    if [ "$status" = 200 ] && cmp -s "$work/body" "$dir/$path"; then pass; else fail "$what: $url answered $status$([ "$status" = 200 ] && echo ' with other bytes')"; fi
    if [ "${path##*/}" = index.html ]; then
      status=$(get "$base${url%index.html}" "$@")
      if [ "$status" = 200 ] && cmp -s "$work/body" "$dir/$path"; then pass; else fail "$what: ${url%index.html} answered $status"; fi
    fi
  done < <(urls_of "$dir")
  echo "$what: $n files, each with its exact bytes"
}

# The answers every audience's server must give beyond its files: 404 page, no listing,
# security headers, sandboxed attachments.
expect_site_behaviour() { # what base dir root-name [curl args…]
  local what=$1 base=$2 dir=$3 root_name=$4
  shift 4
  local status
  status=$(get "$base/en/" "$@")
  expect_header "$what /en/" X-Content-Type-Options '^nosniff$'
  expect_header "$what /en/" Referrer-Policy '^strict-origin-when-cross-origin$'
  expect_header "$what /en/" Content-Security-Policy "^$page_policy"
  expect_header "$what /en/" Content-Type '^text/html; charset=utf-8$'
  # The gzip copy beside the page, sent byte for byte; other pages and style sheets compressed
  # on the way.
  status=$(get "$base/en/" -H 'Accept-Encoding: gzip' "$@")
  if [ "$status" = 200 ] && header Content-Encoding | grep -q '^gzip$' && cmp -s "$work/body" "$work/$root_name/en/index.html.gz"; then pass; else fail "$what: /en/ was not sent as its gzip copy ($status, $(header Content-Encoding))"; fi
  if [ -f "$dir/en/search/index.html" ]; then
    status=$(get "$base/en/search/" --compressed "$@")
    expect_header "$what /en/search/ (compressed)" Content-Encoding '^gzip$'
    expect_header "$what /en/search/ (compressed)" Vary 'Accept-Encoding'
    if cmp -s "$work/body" "$dir/en/search/index.html"; then pass; else fail "$what: /en/search/ compressed is not the page"; fi
  fi
  status=$(get "$base/static/style.css" --compressed "$@")
  expect_header "$what /static/style.css (compressed)" Content-Encoding '^gzip$'
  expect_header "$what /static/style.css" Content-Type '^text/css; charset=utf-8$'
  # Calendars as calendar applications expect them; the briefing pack's ZIP as a download.
  status=$(get "$base/en/calendar.ics" "$@")
  expect_header "$what /en/calendar.ics" Content-Type '^text/calendar; charset=utf-8$'
  if cmp -s "$work/body" "$dir/en/calendar.ics"; then pass; else fail "$what: /en/calendar.ics is not the build's file"; fi
  local pack
  pack=$(cd "$dir" && find en/meetings -mindepth 2 -maxdepth 2 -name 'briefing-pack-*.zip' | LC_ALL=C sort | head -1)
  if [ -n "$pack" ]; then
    status=$(get "$base/$pack" "$@")
    expect_header "$what /$pack" Content-Type '^application/zip$'
  fi
  status=$(get "$base/en/no-such-page/" "$@")
  if [ "$status" = 404 ] && cmp -s "$work/body" "$dir/404.html"; then pass; else fail "$what: a missing page answered $status, not plenary's 404 page"; fi
  status=$(get "$base/meetings/" "$@")
  if [ "$status" = 404 ] && ! grep -qi "index of" "$work/body"; then pass; else fail "$what: the folder /meetings/ answered $status (a listing?)"; fi
  # Every attachment but a PDF in a sandbox; pages never.
  local attachment
  while IFS= read -r attachment; do
    status=$(get "$base/$(quote "$attachment")" "$@")
    case "$attachment" in
      *.pdf | *.PDF) if header Content-Security-Policy | grep -q sandbox; then fail "$what /$attachment: a PDF in a sandbox"; else pass; fi ;;
      *) expect_header "$what /$attachment" Content-Security-Policy "$sandbox_policy" ;;
    esac
  done < <(cd "$dir" && find meetings -type f 2>/dev/null | LC_ALL=C sort)
  local page
  for page in en/ $(cd "$dir" && find en/meetings -mindepth 3 -maxdepth 3 -name index.html 2>/dev/null | LC_ALL=C sort | head -1); do
    status=$(get "$base/$page" "$@")
    if header Content-Security-Policy | grep -q sandbox; then fail "$what /$page: a page in a sandbox"; else pass; fi
  done
  status=$(get "$base/static/style.css" "$@")
  expect_header "$what /static/style.css" X-Content-Type-Options '^nosniff$'
  if header Content-Security-Policy | grep -q "$page_policy"; then fail "$what: the page policy on a style sheet"; else pass; fi
}

# --- members, basic authentication -------------------------------------------------------
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
htpasswd -b -c -B "$work/members.htpasswd" member "$password" 2>/dev/null
members_port=$(free_port)
start_nginx members-basic members-basic.conf members-site.conf "$members_port" "$members_root"
base=http://127.0.0.1:$members_port
creds=(-u "member:$password")

n=0
while IFS=$'\t' read -r path url; do
  n=$((n + 1))
  status=$(get "$base$url")
  if [ "$status" = 401 ] && ! cmp -s "$work/body" "$members/$path"; then pass; else fail "members without credentials: $url answered $status"; fi
done < <(urls_of "$members")
echo "members without credentials: $n files, each 401"
status=$(get "$base/en/")
expect_header "members 401" X-Robots-Tag noindex
expect_header "members 401" Cache-Control private
status=$(get "$base/en/" -u "member:wrong-$password")
[ "$status" = 401 ] && pass || fail "members with a wrong password: $status"
status=$(get "$base/en/no-such-page/")
[ "$status" = 401 ] && pass || fail "members without credentials: a missing page answered $status, not 401"

expect_every_file "members with credentials" "$base" "$members" "${creds[@]}"
expect_site_behaviour "members" "$base" "$members" members-root "${creds[@]}"
status=$(get "$base/en/" "${creds[@]}")
expect_header "members /en/" X-Robots-Tag '^noindex, nofollow$'
expect_header "members /en/" Cache-Control '^private'
status=$(get "$base/static/style.css" "${creds[@]}")
expect_header "members /static/style.css" Cache-Control '^private'

# --- members, single sign-on ---------------------------------------------------------------
# A stand-in for oauth2-proxy on its port: 202 for a request with a session cookie, 401
# without; its sign-in start page answers 200. What is checked is nginx's side: every request
# asked about, a reader without a session sent to sign in, the bytes served to one with.
if curl -s -o /dev/null http://127.0.0.1:4180/; then
  echo "members (sign-on): SKIPPED beyond nginx -t: port 4180 (oauth2-proxy's) is taken"
  sso=""
  skipped="; the sign-on variant only with nginx -t (port 4180 taken)"
else
  python3 - >"$work/sso.log" 2>&1 <<'EOF' &
import http.server
class Proxy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        # What oauth2-proxy needs from nginx: the site's name, the reader's address; for the
        # question, the URL asked for and no body; for its pages, where to return to.
        h = self.headers
        wrong = []
        if (h.get("Host") or "").endswith(":4180"):
            wrong.append("Host is the proxy's own")
        if not h.get("X-Real-IP"):
            wrong.append("no X-Real-IP")
        if self.path.startswith("/oauth2/auth"):
            if not h.get("X-Forwarded-Uri"):
                wrong.append("no X-Forwarded-Uri")
            if h.get("Content-Length") not in (None, "", "0"):
                wrong.append("the request body was passed on")
        elif not h.get("X-Auth-Request-Redirect"):
            wrong.append("no X-Auth-Request-Redirect")
        if wrong:
            self.send_response(500)
            self.send_header("X-Stand-In-Refused", "; ".join(wrong))
        elif self.path.startswith("/oauth2/auth"):
            signed_in = "_oauth2_proxy=signed-in" in (self.headers.get("Cookie") or "")
            self.send_response(202 if signed_in else 401)
            if signed_in:
                self.send_header("X-Auth-Request-Email", "delegate@example.org")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", 4180), Proxy).serve_forever()
EOF
  pids+=($!)
  wait_for 4180
  sso=1
fi
sso_port=$(free_port)
start_nginx members-sso members-sso.conf members-site.conf "$sso_port" "$members_root"
if [ -n "$sso" ]; then
  base=http://127.0.0.1:$sso_port
  n=0
  while IFS=$'\t' read -r path url; do
    n=$((n + 1))
    status=$(get "$base$url")
    if [ "$status" = 302 ] && header Location | grep -q "/oauth2/start?rd=$url"; then pass; else fail "members (sign-on) without a session: $url answered $status $(header Location)"; fi
  done < <(urls_of "$members")
  echo "members (sign-on) without a session: $n files, each sent to sign in"
  expect_every_file "members (sign-on) with a session" "$base" "$members" -b "_oauth2_proxy=signed-in"
  expect_site_behaviour "members (sign-on)" "$base" "$members" members-root -b "_oauth2_proxy=signed-in"
  status=$(get "$base/en/" -b "_oauth2_proxy=signed-in")
  expect_header "members (sign-on) /en/" X-Robots-Tag '^noindex, nofollow$'
  expect_header "members (sign-on) /en/" Cache-Control '^private'
  # Signing in is open to all; the question nginx asks is not a URL anyone else can ask.
  status=$(get "$base/oauth2/start?rd=/en/")
  [ "$status" = 200 ] && pass || fail "members (sign-on): the sign-in page answered $status $(header X-Stand-In-Refused)"
  status=$(get "$base/oauth2/auth" -b "_oauth2_proxy=signed-in")
  [ "$status" = 404 ] && pass || fail "members (sign-on): /oauth2/auth answered $status from outside"
  status=$(get "$base/en/" -b "_oauth2_proxy=signed-in" --data-binary "x=1")
  [ "$status" = 405 ] && pass || fail "members (sign-on): a POST with a body answered $status, not 405 (the body sent to the proxy?)"
fi

# --- public --------------------------------------------------------------------------------
check_public() { # what base
  local what=$1 base=$2 n=0 status
  expect_every_file "$what" "$base" "$public"
  expect_site_behaviour "$what" "$base" "$public" public-root
  status=$(get "$base/en/")
  expect_header "$what /en/" Cache-Control '^public, max-age=300$'
  expect_no_header "$what /en/" X-Robots-Tag
  local fragment
  fragment=$(cd "$public" && find pagefind -path '*/fragment/*' -type f | head -1)
  if [ -n "$fragment" ]; then
    status=$(get "$base/$fragment")
    expect_header "$what /$fragment" Cache-Control 'immutable'
  fi
  # Every file and page folder that only the members build has: not found.
  while IFS= read -r path; do
    n=$((n + 1))
    local url
    url=/$(quote "$path")
    status=$(get "$base$url")
    if [ "$status" = 404 ] && cmp -s "$work/body" "$public/404.html"; then pass; else fail "$what: $url, only in the members build, answered $status"; fi
  done < <(comm -23 <(cd "$members" && { find . -type f; find . -type d -mindepth 1 | sed 's|$|/|'; } | cut -c3- | LC_ALL=C sort) \
                    <(cd "$public" && { find . -type f; find . -type d -mindepth 1 | sed 's|$|/|'; } | cut -c3- | LC_ALL=C sort))
  echo "$what: $n paths of the members build only, each 404"
}

public_port=$(free_port)
start_nginx public public.conf public-site.conf "$public_port" "$public_root"
check_public "public (nginx)" "http://127.0.0.1:$public_port"

if command -v caddy >/dev/null; then
  caddy_port=$(free_port)
  # The Caddyfile as Caddy reads it, with its admin endpoint (localhost:2019, maybe taken by
  # the system's Caddy) moved to a free port.
  PLENARY_PUBLIC_ADDRESS="http://127.0.0.1:$caddy_port" PLENARY_PUBLIC_ROOT="$public_root" \
    caddy adapt --adapter caddyfile --config "$here/caddy/Caddyfile" 2>"$work/caddy.log" |
    python3 -c 'import json, sys; c = json.load(sys.stdin); c["admin"] = {"listen": "127.0.0.1:" + sys.argv[1]}; print(json.dumps(c))' "$(free_port)" >"$work/caddy.json"
  XDG_DATA_HOME="$work/caddy" XDG_CONFIG_HOME="$work/caddy" caddy run --config "$work/caddy.json" >>"$work/caddy.log" 2>&1 &
  pids+=($!)
  wait_for "$caddy_port"
  check_public "public (Caddy)" "http://127.0.0.1:$caddy_port"
else
  echo "public (Caddy): SKIPPED (caddy is not installed)"
fi

# --- the publish workflow's deploy step ----------------------------------------------------
# The members job's "Deploy to the members host" step, exactly as examples/github-actions/
# publish.yml has it, run against a real SSH server on loopback: the build arrives byte for
# byte, a file the build no longer has is removed, and a host whose key is not the pinned one
# receives nothing.
workflow=$here/../github-actions/publish.yml
if [ -x /usr/sbin/sshd ] && command -v rsync >/dev/null && python3 -c 'import yaml' 2>/dev/null && [ -f "$workflow" ]; then
  ssh_dir=$work/ssh
  mkdir -p "$ssh_dir" "$work/home" "$work/repo/dist" "$work/srv/members"
  chmod 700 "$ssh_dir"
  for key in host other-host deploy; do ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/$key" -C "$key"; done
  cp "$ssh_dir/deploy.pub" "$ssh_dir/authorized_keys"
  ssh_port=$(free_port)
  printf '%s\n' "ListenAddress 127.0.0.1" "Port $ssh_port" "HostKey $ssh_dir/host" \
    "AuthorizedKeysFile $ssh_dir/authorized_keys" "PidFile $ssh_dir/sshd.pid" \
    "PasswordAuthentication no" "KbdInteractiveAuthentication no" \
    "PermitRootLogin prohibit-password" "StrictModes no" "UsePAM no" >"$ssh_dir/sshd_config"
  mkdir -p /run/sshd 2>/dev/null || true # sshd's privilege separation folder
  /usr/sbin/sshd -D -f "$ssh_dir/sshd_config" -E "$ssh_dir/sshd.log" &
  pids+=($!)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$ssh_port") 2>/dev/null && break; sleep 0.1; done
  python3 -c '
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["jobs"]["members"]["steps"]
print(next(s["run"] for s in steps if s.get("name") == "Deploy to the members host"))' "$workflow" >"$work/deploy-step.sh"
  ln -s "$members" "$work/repo/dist/members"
  deploy() { # host-key-file: run the step as GitHub's runner does (bash -eo pipefail, in the checkout)
    (cd "$work/repo" && HOME=$work/home MEMBERS_SSH_KEY=$(cat "$ssh_dir/deploy") \
      MEMBERS_KNOWN_HOSTS="[127.0.0.1]:$ssh_port $(cut -d' ' -f1,2 "$1")" \
      MEMBERS_HOST=$(id -un)@127.0.0.1 MEMBERS_PATH=$work/srv/members MEMBERS_SSH_PORT=$ssh_port \
      bash --noprofile --norc -eo pipefail "$work/deploy-step.sh") >"$work/deploy.log" 2>&1
  }
  echo stale >"$work/srv/members/removed-briefing.html"
  if deploy "$ssh_dir/host.pub" && diff -r "$members" "$work/srv/members" >/dev/null; then pass; else fail "workflow deploy: the members host does not hold the build: $(tail -3 "$work/deploy.log")"; fi
  touch "$work/srv/members/kept-when-refused"
  if deploy "$ssh_dir/other-host.pub"; then fail "workflow deploy: went ahead with a host key that is not the pinned one"; else pass; fi
  if grep -q "Host key verification failed" "$work/deploy.log" && [ -f "$work/srv/members/kept-when-refused" ]; then pass; else fail "workflow deploy: not stopped by the host key: $(tail -2 "$work/deploy.log")"; fi
  echo "workflow deploy: the build rsynced over SSH byte for byte, a stale file removed, a host with another key refused"
else
  echo "workflow deploy: SKIPPED (needs sshd, rsync and python3's yaml: apt-get install openssh-server rsync)"
fi

# --- a reader's browser --------------------------------------------------------------------
tools=${EVALTOOLS:-/opt/evaltools}
if [ -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ] && [ -d "$tools/node_modules/playwright-core" ]; then
  restricted=$(comm -23 <(cd "$members" && find en/meetings -name index.html | LC_ALL=C sort) \
                        <(cd "$public" && find en/meetings -name index.html | LC_ALL=C sort) | grep -v '/changes/' | head -1)
  if EVALTOOLS=$tools node "$here/browser-check.mjs" "http://127.0.0.1:$members_port" "member" "$password" "/${restricted%index.html}" "http://127.0.0.1:$public_port"; then pass; else fail "in the browser (above)"; fi
else
  echo "browser: SKIPPED (no chromium or playwright-core in $tools; see .ci/tools)"
fi

if [ "$failures" -gt 0 ]; then
  echo "deploy check: $failures of $checks checks FAILED"
  exit 1
fi
echo "deploy check: all $checks checks passed${skipped:-}"

#!/usr/bin/env bash
# Regenerates every screenshot in screenshots/ from the real app:
#
#   scripts/screenshots.sh            # all of them
#   scripts/screenshots.sh form review  # only these (names without .svg)
#
# It builds qwoty-contacts, starts the built-in sandbox on a free loopback
# port, runs the app in a private tmux server (one session per screenshot,
# 100x30 or 120x36), drives it with send-keys, captures the screen with its
# colours (tmux capture-pane -e) and turns the capture into an SVG with
# tools/ansi2svg. Needs Go and tmux; curl, ssh and ssh-keygen are used when
# present. Nothing is read from $HOME: the app runs with an empty
# environment apart from what is set below, and tmux without a config file.
#
# Why not github.com/charmbracelet/freeze (v0.2.2, tried for issue 15): its
# ANSI reader cannot draw what tmux captures. It ignores SGR 39 and 49
# (default colours), which tmux ends every coloured run with, so text after
# a coloured border keeps the border's colour; each SGR parameter starts a
# fresh span holding that attribute alone, so bold drops the colour before
# it and a struck-through or underlined colour loses its colour (the
# review's old value, the conflict's marked change); reverse video (the
# cursor) and faint are ignored; and it resets at every line end while
# tmux carries attributes across lines. Its PNG output also crashed here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
out=$root/screenshots

die() { echo "screenshots: $*" >&2; exit 1; }
command -v go >/dev/null || die "Go is needed: https://go.dev/dl/ (or apt-get install golang-go)"
command -v tmux >/dev/null || die "tmux is needed: apt-get install tmux (macOS: brew install tmux)"

# The screenshots to make, in order; arguments pick a subset.
all=(lookup contact form review conflict address-form failure history ssh)
want=("$@")
[ ${#want[@]} -gt 0 ] || want=("${all[@]}")
for w in "${want[@]}"; do
	case " ${all[*]} " in *" $w "*) ;; *) die "unknown screenshot $w (known: ${all[*]})" ;; esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qwoty-screenshots.XXXXXX")
sock=qwoty-screenshots-$$ # a tmux server of our own, never the user's
pids=()

cleanup() {
	local p alive
	tmux -L "$sock" kill-server 2>/dev/null || true
	for p in ${pids[@]+"${pids[@]}"}; do
		kill "$p" 2>/dev/null || true
	done
	# serve lets sessions end gracefully; give everything 3 s, then stop it.
	local i
	for ((i = 0; i < 30; i++)); do
		alive=0
		for p in ${pids[@]+"${pids[@]}"}; do
			kill -0 "$p" 2>/dev/null && alive=1
		done
		[ "$alive" = 0 ] && break
		sleep 0.1
	done
	for p in ${pids[@]+"${pids[@]}"}; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

T() { tmux -L "$sock" -f /dev/null -u "$@"; }

echo "Building qwoty-contacts and ansi2svg…"
go build -o "$tmp/qwoty-contacts" . || die "go build failed"
go build -o "$tmp/ansi2svg" ./tools/ansi2svg || die "building tools/ansi2svg failed"
app=$tmp/qwoty-contacts
mkdir -p "$tmp/state" "$tmp/cfg" "$tmp/home" "$out"

# wait_log FILE TEXT: wait up to 10 s for TEXT in FILE.
wait_log() {
	local i
	for ((i = 0; i < 100; i++)); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "screenshots: timed out waiting for \"$2\" in $1:" >&2
	cat "$1" >&2 || true
	return 1
}

# closed_port: a loopback port nothing listens on: 9 (discard) when it is
# closed, so the message in the picture is the same on every run.
closed_port() {
	local p=9
	for ((;;)); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
		p=$((20000 + RANDOM % 40000))
	done
}

# The sandbox, on a port of its choosing (it prints its URL).
"$app" sandbox --addr 127.0.0.1:0 >"$tmp/sandbox.log" 2>&1 &
pids+=($!)
wait_log "$tmp/sandbox.log" "listening on" || die "the sandbox did not start"
base=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$tmp/sandbox.log" | head -n1)
token=qwoty_sandbox_demo_token
echo "Sandbox at $base"

docs_id=660e8400-e29b-41d4-a716-446655440001
three_id=f6af1f9d-5e3f-40c9-b63c-c9feab7f15ab

# appenv [VAR=value...]: the whole environment the app gets.
appenv() {
	printf '%q ' env -i "PATH=$PATH" "HOME=$tmp/home" "USER=screenshots" LANG=C.UTF-8 \
		TERM=xterm-256color COLORTERM=truecolor "QWOTY_BASE_URL=$base" "QWOTY_TOKEN=$token" \
		"QWOTY_STATE_DIR=$tmp/state" "XDG_CONFIG_HOME=$tmp/cfg" "XDG_STATE_HOME=$tmp/state" "$@"
}

# start NAME COLS ROWS COMMAND: run COMMAND (a shell string) in a new tmux
# session NAME of COLS x ROWS. The pane stays after the program exits, so
# its last words can be shown.
start() {
	local name=$1 cols=$2 rows=$3 cmd=$4
	T kill-session -t "=$name" 2>/dev/null || true
	T new-session -d -s "$name" -x "$cols" -y "$rows" "$cmd" \; \
		set-option -w -t "$name" remain-on-exit on
}

# screen NAME: the session's screen as plain text.
screen() { T capture-pane -p -t "$1"; }

# wait_for NAME TEXT [SECONDS]: poll the screen until TEXT shows.
wait_for() {
	local name=$1 text=$2 tries=$((${3:-15} * 10)) i
	for ((i = 0; i < tries; i++)); do
		if screen "$name" 2>/dev/null | grep -qF -- "$text"; then
			sleep 0.3 # let the frame settle
			return 0
		fi
		sleep 0.1
	done
	echo "screenshots: $name: timed out waiting for \"$text\"; the screen was:" >&2
	screen "$name" >&2 || true
	return 1
}

# keys NAME KEY...: send tmux key names one at a time.
keys() {
	local name=$1 k
	shift
	for k in "$@"; do
		T send-keys -t "$name" "$k"
		sleep 0.15
	done
}

# type NAME TEXT: type TEXT literally.
type_text() {
	T send-keys -t "$1" -l "$2"
	sleep 0.2
}

written=()

# shoot NAME FILE TITLE COLS ROWS: capture the session and write
# screenshots/FILE.svg.
shoot() {
	local name=$1 file=$2 title=$3 cols=$4 rows=$5
	T capture-pane -e -p -N -t "$name" >"$tmp/$file.ansi" || return 1
	"$tmp/ansi2svg" -title "$title" -cols "$cols" -rows "$rows" <"$tmp/$file.ansi" >"$tmp/$file.svg" || return 1
	mv "$tmp/$file.svg" "$out/$file.svg"
	written+=("screenshots/$file.svg")
	echo "  wrote screenshots/$file.svg"
}

# open_contact NAME COLS ROWS ID TEXT...: start the app on contact ID and
# wait until every TEXT shows (the contact and its addresses loaded).
open_contact() {
	local name=$1 cols=$2 rows=$3 id=$4 t
	shift 4
	start "$name" "$cols" "$rows" "$(appenv) $(printf '%q' "$app") $id" || return 1
	for t in "$@"; do
		wait_for "$name" "$t" || return 1
	done
}

shot_lookup() {
	start lookup 100 30 "$(appenv) $(printf '%q' "$app")" || return 1
	wait_for lookup "contacts searchable" || return 1
	type_text lookup "acme"
	wait_for lookup "Matches (" || return 1
	shoot lookup lookup "qwoty-contacts — lookup" 100 30
}

shot_contact() {
	open_contact contact 120 36 "$three_id" "Hauptsitz" "Werk Augsburg" "Lager Wien" || return 1
	shoot contact contact "qwoty-contacts — contact" 120 36
}

# The edit flow on the docs contact gives form, review and conflict.
flow_ready=
flow_up_to() {
	local stage=$1
	if [ -z "$flow_ready" ]; then
		open_contact edit 100 30 "$docs_id" "Jean Dupont" "Head office" || return 1
		keys edit e
		wait_for edit "Edit contact: Jean Dupont" || return 1
		# First name, last name, email, phone.
		keys edit Tab Tab Tab C-u
		type_text edit "+33 7 98 76 54 32"
		wait_for edit "+33 7 98 76 54 32" || return 1
		flow_ready=form
	fi
	[ "$stage" = form ] && return 0
	if [ "$flow_ready" = form ]; then
		keys edit C-s
		wait_for edit "Review the change" || return 1
		keys edit Tab
		type_text edit "Customer called: new mobile number"
		wait_for edit "Reason: Customer called" || return 1
		keys edit Enter # done with the reason (enter never sends)
		wait_for edit "Press y to send" || return 1
		flow_ready=review
	fi
	[ "$stage" = review ] && return 0
	if [ "$flow_ready" = review ]; then
		# Someone else changes the phone on the server meanwhile.
		local body='{"phone":"+33 6 00 00 00 00"}'
		if command -v curl >/dev/null; then
			curl -fsS -o /dev/null -X PATCH "$base/contacts/$docs_id" \
				-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" || return 1
		else
			eval "$(appenv)" "$(printf '%q' "$app")" set "$docs_id" "'phone=+33 6 00 00 00 00'" --yes >/dev/null || return 1
		fi
		keys edit y
		wait_for edit "Someone else changed" || return 1
		flow_ready=conflict
	fi
}

shot_form() {
	flow_up_to form || return 1
	shoot edit form "qwoty-contacts — edit contact" 100 30
}

shot_review() {
	flow_up_to review || return 1
	shoot edit review "qwoty-contacts — review" 100 30
}

shot_conflict() {
	flow_up_to conflict || return 1
	shoot edit conflict "qwoty-contacts — conflict" 100 30
}

shot_address-form() {
	open_contact address 120 36 "$three_id" "Hauptsitz" "Werk Augsburg" "Lager Wien" || return 1
	keys address Tab Down
	wait_for address "› [shipping] Werk Augsburg" || return 1
	keys address e
	wait_for address "Edit address: Werk Augsburg" || return 1
	shoot address address-form "qwoty-contacts — edit address" 120 36
}

# history: two changes made with set (a script's, then a person's with a
# ticket), then the contact's History screen (h), which also shows blame
# beside the fields it leaves visible.
shot_history() {
	local run
	run="$(appenv) $(printf '%q' "$app")"
	eval "$run" set "$three_id" "'phone=+49 821 555 0199'" --reason "'TICKET-4117 new switchboard'" --yes >/dev/null || return 1
	eval "$run" set "$three_id" "'email=jose.mueller@mueller-soehne.de'" "'role=buyer,billing'" --reason "'TICKET-4121 customer asked by mail'" --yes >/dev/null || return 1
	open_contact history 100 30 "$three_id" "Hauptsitz" || return 1
	keys history h
	wait_for history "History of contact" || return 1
	shoot history history "qwoty-contacts — history" 100 30
}

shot_failure() {
	local closed
	closed=$(closed_port)
	start failure 100 30 "$(appenv "QWOTY_BASE_URL=http://127.0.0.1:$closed/api") $(printf '%q' "$app") $docs_id" || return 1
	wait_for failure "Cannot connect" || return 1
	shoot failure failure "qwoty-contacts — cannot connect" 100 30
}

shot_ssh() {
	local why='' help
	# An unknown subcommand would print the root command's help (it takes
	# a contact id), so look for serve's own flag.
	help=$("$app" serve --help 2>/dev/null || true)
	if [[ $help != *--authorized-keys* ]]; then
		why="serve command not available"
	elif ! command -v ssh >/dev/null || ! command -v ssh-keygen >/dev/null; then
		why="ssh and ssh-keygen are needed (apt-get install openssh-client)"
	fi
	if [ -n "$why" ]; then
		echo "  skipped ssh.svg: $why"
		return 0
	fi
	ssh-keygen -q -t ed25519 -N '' -C 'Alice Martin' -f "$tmp/key" || return 1 # the comment names the person
	eval "$(appenv)" "$(printf '%q' "$app")" --demo serve --listen 127.0.0.1:0 \
		--authorized-keys "$(printf '%q' "$tmp/key.pub")" --host-key "$(printf '%q' "$tmp/host_key")" \
		">$(printf '%q' "$tmp/serve.log")" "2>&1" "&"
	pids+=($!)
	wait_log "$tmp/serve.log" "listening on" || return 1
	local port
	port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$tmp/serve.log" | head -n1)
	[ -n "$port" ] || { cat "$tmp/serve.log" >&2; return 1; }
	local sshcmd
	sshcmd=$(printf '%q ' ssh -F /dev/null -p "$port" -i "$tmp/key" -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o SetEnv=COLORTERM=truecolor -t alice@127.0.0.1)
	start ssh 100 30 "$(appenv) $sshcmd" || return 1
	wait_for ssh "contacts searchable" || return 1
	type_text ssh "mü"
	wait_for ssh "Matches (" || return 1
	shoot ssh ssh "ssh alice@qwoty-contacts serve" 100 30
}

failed=()
for w in "${want[@]}"; do
	echo "Screenshot $w…"
	if ! "shot_$w"; then
		failed+=("$w")
		echo "  FAILED: $w.svg was not written" >&2
	fi
done

echo
if [ ${#written[@]} -gt 0 ]; then
	echo "Written:"
	printf '  %s\n' "${written[@]}"
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo "Failed: ${failed[*]}" >&2
	exit 1
fi

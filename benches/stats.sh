# Sourced by the bench scripts: timing a command, and order statistics of the figures.

# timed FILE command... → runs the command under /usr/bin/time, its output in $work/out and
# $work/err, and appends "wall user sys rss_kb" to FILE; stops the bench if the command fails.
timed() {
  local file=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2; exit 1; }
  cat "$work/time" >>"$file"
}

# summary [FORMAT] → "median min max" of the numbers on stdin (an even count's median is the
# mean of the middle two), each printed with FORMAT (default %.2f).
summary() {
  sort -g | awk -v f="${1:-%.2f}" '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf f " " f " " f "\n", m, a[1], a[NR] }'
}

# median [FORMAT] → the median of the numbers on stdin.
median() { summary "$@" | cut -d' ' -f1; }

# spread [FORMAT] → "min–max" of the numbers on stdin.
spread() { summary "$@" | awk '{print $2 "–" $3}'; }

# grouped N → N with its thousands grouped by spaces, as the binary prints counts (1 000 000).
grouped() { sed -E ':a;s/([0-9])([0-9]{3})($| )/\1 \2\3/;ta' <<<"$1"; }

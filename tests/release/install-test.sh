#!/usr/bin/env bash
# The installer as a new user meets it (`make release-test`, issue 14 item 1): the .deb that
# `make release` built is installed with apt into a clean Debian 12 root (debootstrap minbase:
# Debian's packages, not this machine's), so its Depends alone must bring what the app needs;
# the installed app is started there on a virtual display, its cold start timed to the window,
# and the 工作台 it shows is saved as a screenshot and checked for the rendered page.
#
# Needs root (chroot, mounts), debootstrap, Xvfb and ImageMagick; the Makefile installs them.
# The pristine debootstrap output is kept as a tarball in target/release-test/ so a second run
# does not download the base system again; every run unpacks a fresh root from it.
set -euo pipefail
root_dir="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root_dir"
out="$root_dir/target/release-test"
mkdir -p "$out"

deb="$(ls target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)"
[ -n "$deb" ] || { echo "安装测试：没有找到 .deb，请先运行 make release" >&2; exit 2; }
cli="target/debug/walklog"
[ -x "$cli" ] || { echo "安装测试：没有找到 $cli（用于写入演示数据），请先运行 make build" >&2; exit 2; }
for tool in debootstrap Xvfb import xwininfo; do
  command -v "$tool" >/dev/null || { echo "安装测试：缺少 $tool（apt install debootstrap xvfb imagemagick x11-utils）" >&2; exit 2; }
done
echo "安装测试：$(basename "$deb")（$(du -k "$deb" | cut -f1) KB）"

base="$out/bookworm-minbase.tar"
if [ ! -s "$base" ]; then
  echo "安装测试：用 debootstrap 生成干净的 Debian 12 根目录…"
  tmp="$(mktemp -d /var/tmp/walklog-base.XXXXXX)"
  debootstrap --variant=minbase bookworm "$tmp" http://deb.debian.org/debian >"$out/debootstrap.log" 2>&1 \
    || { tail -20 "$out/debootstrap.log" >&2; rm -rf "$tmp"; exit 1; }
  tar -C "$tmp" -cf "$base.part" . && mv "$base.part" "$base"
  rm -rf "$tmp"
fi

chroot_dir="$(mktemp -d /var/tmp/walklog-root.XXXXXX)"
display=""
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  pkill -f "$chroot_dir/usr/bin/walklog-app" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  for m in tmp/.X11-unix dev/pts dev/shm dev sys proc; do
    mountpoint -q "$chroot_dir/$m" && umount -l "$chroot_dir/$m" || true
  done
  rm -rf --one-file-system "$chroot_dir"
}
trap cleanup EXIT
tar -C "$chroot_dir" -xf "$base"
mount -t proc proc "$chroot_dir/proc"
mount --rbind /sys "$chroot_dir/sys"
mount --bind /dev "$chroot_dir/dev"
mount --bind /dev/pts "$chroot_dir/dev/pts"
mkdir -p "$chroot_dir/dev/shm" && mount -t tmpfs shm "$chroot_dir/dev/shm"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
cp "$deb" "$chroot_dir/root/walklog.deb"

echo "安装测试：apt 安装 .deb 及其依赖…"
chroot "$chroot_dir" env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$out/apt.log" 2>&1
chroot "$chroot_dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /root/walklog.deb >>"$out/apt.log" 2>&1 \
  || { tail -30 "$out/apt.log" >&2; exit 1; }
installed="$(chroot "$chroot_dir" dpkg-query -W -f='${Package} ${Version} ${Installed-Size}' walklog)"
echo "安装测试：已安装 $installed KB"
test -x "$chroot_dir/usr/bin/walklog-app" || { echo "安装测试：/usr/bin/walklog-app 不存在" >&2; exit 1; }
desktop="$(ls "$chroot_dir"/usr/share/applications/*.desktop | head -1)"
grep -q '^Name=走流程纪实$' "$desktop" || { echo "安装测试：菜单项名称不是“走流程纪实”：$desktop" >&2; cat "$desktop" >&2; exit 1; }
ls "$chroot_dir"/usr/share/icons/hicolor/*/apps/walklog* >/dev/null || { echo "安装测试：没有安装图标" >&2; exit 1; }

# A database with the demo data, written by this build's CLI: the app opens on 工作台.
"$cli" --db "$chroot_dir/root/walklog.db" demo --seed 7 >/dev/null

# A virtual display of our own, shared with the chroot through its socket.
for n in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$n" ] || { display=":$n"; break; }; done
Xvfb "$display" -screen 0 1440x960x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
mkdir -p "$chroot_dir/tmp/.X11-unix" && mount --bind /tmp/.X11-unix "$chroot_dir/tmp/.X11-unix"

# Cold: the page cache dropped where the kernel allows it (root on a VM does; a container may not).
sync
if echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then cache="页缓存已清空"; else cache="页缓存未能清空"; fi
start=$(date +%s.%N)
chroot "$chroot_dir" env DISPLAY="$display" HOME=/root XDG_RUNTIME_DIR=/tmp LANG=C.UTF-8 \
  /usr/bin/walklog-app --db /root/walklog.db >"$out/app.log" 2>&1 &
app_pid=$!
shown=""
for _ in $(seq 1 300); do
  if DISPLAY="$display" xwininfo -root -tree 2>/dev/null | grep -q '"走流程纪实"'; then shown=$(date +%s.%N); break; fi
  kill -0 "$app_pid" 2>/dev/null || { echo "安装测试：程序已退出：" >&2; cat "$out/app.log" >&2; exit 1; }
  sleep 0.05
done
[ -n "$shown" ] || { echo "安装测试：15 秒内没有出现窗口" >&2; cat "$out/app.log" >&2; exit 1; }
window_ms=$(echo "($shown - $start) * 1000 / 1" | bc)

# The page is drawn once the menu's dark panel fills the left of the window.
shot="$out/installed-dashboard.png"
drawn=""
for _ in $(seq 1 100); do
  DISPLAY="$display" import -window root "$shot"
  dark=$(convert "$shot" -crop 150x600+10+120 -fill white -fuzz 6% +opaque '#26313d' -fill black -opaque '#26313d' \
    -format '%[fx:1-mean]' info: 2>/dev/null || echo 0)
  if [ "$(echo "$dark > 0.5" | bc)" = 1 ]; then drawn=$(date +%s.%N); break; fi
  sleep 0.1
done
[ -n "$drawn" ] || { echo "安装测试：窗口中没有画出界面（截图：$shot）" >&2; cat "$out/app.log" >&2; exit 1; }
drawn_ms=$(echo "($drawn - $start) * 1000 / 1" | bc)
sleep 2
DISPLAY="$display" import -window root "$shot"
echo "安装测试：冷启动（${cache}）${window_ms} ms 出现窗口，${drawn_ms} ms 画出界面；截图 $shot"
echo "安装测试通过。"

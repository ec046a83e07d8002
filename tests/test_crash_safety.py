"""Nothing lost, nothing half-written, across a process boundary: a disk that fills up while
mining, a bank swap killed half-way, several renders or drafts writing one file at once, SIGKILL
during a write, stdout onto a full disk. These run `drafter` as separate processes."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, run_cli
from faultkit import _unmount, assert_clean_error, mount_tmpfs, run_in  # noqa: F401

EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
BASE = EXAMPLE.read_text("utf-8")


def rep(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


# --- a full disk while mining: the previous bank survives ---------------------------------------

SMALL = sorted(Path(CORPUS).glob("*.txt"))


@pytest.fixture(scope="module")
def small_bank(tmp_path_factory) -> Path:
    """A bank mined from the smallest corpus file, once for the module (tests copy it)."""
    bank = tmp_path_factory.mktemp("small") / "库"
    r = run_cli("mine", min(SMALL, key=lambda p: p.stat().st_size), "-o", bank, timeout=300)
    assert r.returncode == 0, r.stderr
    return bank


def _tree_hash(d: Path) -> dict:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_mining_onto_a_disk_that_fills_up_keeps_the_old_bank(tmp_path, small_bank):
    disk = mount_tmpfs(tmp_path / "盘", "size=400k")
    bank = disk / "库"
    small = min(SMALL, key=lambda p: p.stat().st_size)
    shutil.copytree(small_bank, bank)
    before = _tree_hash(disk)
    bigger = [small] + [p for p in SMALL if p != small][:1]
    r = run_cli("mine", *bigger, "-o", bank, "--force", timeout=300)
    assert r.returncode == 2, r.stderr
    assert_clean_error(r.stderr, str(bank), "磁盘空间不足")
    assert _tree_hash(disk) == before                      # byte-identical, and no staging left
    assert sorted(os.listdir(bank)) == ["manifest.json", "phrasebank", "templates"]
    assert run_cli("kinds", "--bank", bank).returncode == 0


def test_mining_refuses_a_disk_without_room_for_the_last_bank(tmp_path, small_bank):
    disk = mount_tmpfs(tmp_path / "盘", "size=200k")
    small = min(SMALL, key=lambda p: p.stat().st_size)
    shutil.copytree(small_bank, disk / "库")
    (disk / "占位").write_bytes(b"\0" * (disk_free(disk) - 20 * 1024))
    before = _tree_hash(disk)
    r = run_cli("mine", small, "-o", disk / "库", "--force", timeout=300)
    assert r.returncode == 2
    assert_clean_error(r.stderr, str(disk / "库"), "磁盘空间不足")
    assert _tree_hash(disk) == before


def disk_free(d: Path) -> int:
    st = os.statvfs(d)
    return st.f_bavail * st.f_frsize


def test_bank_swap_undone_after_a_kill_in_the_middle(tmp_path):
    """A run killed between moving the old bank aside and putting the new manifest in place:
    the next command that looks at the bank puts the old one back."""
    from drafter import bankio
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "phrasebank", tmp_path / "phrasebank")
    shutil.copy(ROOT / "manifest.json", tmp_path / "manifest.json")
    before = _tree_hash(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stage = tmp_path / f"{bankio.STAGE_PREFIX}{dead}-x.tmp"
    (stage / "new" / "phrasebank").mkdir(parents=True)
    (stage / "new" / "manifest.json").write_text("{}", "utf-8")
    (stage / "old").mkdir()
    os.rename(tmp_path / "manifest.json", stage / "old" / "manifest.json")
    os.rename(tmp_path / "templates", stage / "old" / "templates")
    (tmp_path / "templates").mkdir()          # the new templates were already in place
    (tmp_path / "templates" / "new.j2").write_text("half", "utf-8")
    rc, out, err = run_in(tmp_path, "kinds", "--bank", ".")
    assert rc == 0, err
    assert _tree_hash(tmp_path) == before and not stage.exists()


# --- no overwrite under concurrency ------------------------------------------------------------

def test_concurrent_renders_to_one_output_exactly_one_wins(tmp_path):
    units = []
    for i in range(4):
        y = tmp_path / f"单位{i}.yaml"
        y.write_text(rep("name: 青山县市场监督管理局", f"name: 青山县第{'一二三四'[i]}管理局"), "utf-8")
        units.append(y)
    out = tmp_path / "草稿.txt"
    procs = [subprocess.Popen([sys.executable, "-m", "drafter", "render", str(y), "-o", str(out)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for y in units]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    winners = [i for i, (rc, _) in enumerate(results) if rc == 0]
    assert len(winners) == 1, results
    for i, (rc, err) in enumerate(results):
        if rc:
            assert rc == 2 and "已存在" in err and "Traceback" not in err, err
    assert f"青山县第{'一二三四'[winners[0]]}管理局" in out.read_text("utf-8")
    assert sorted(os.listdir(tmp_path)) == sorted([out.name] + [y.name for y in units])   # no temp file left


def test_stale_temp_files_of_a_dead_process_are_removed(tmp_path):
    from drafter.output import atomic_write, clean_stale
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f".drafter-tmp-{dead}-abc.tmp"
    stale.write_bytes(b"half a docx")
    mine = tmp_path / f".drafter-tmp-{os.getpid()}-live.tmp"     # a live writer's file stays
    mine.write_bytes(b"in progress")
    other = tmp_path / ".草稿.docx.tmp"                           # not ours: never touched
    other.write_bytes(b"x")
    atomic_write(tmp_path / "新.txt", b"ok")
    assert not stale.exists() and mine.exists() and other.exists()
    clean_stale(tmp_path)
    assert mine.exists()


def test_kill_during_render_leaves_nothing_half_written_and_next_run_works(tmp_path):
    """SIGKILL while the draft is being written (stopped inside the write): at most a recognisable
    temp file remains, never the output; the next run removes it and writes the draft."""
    out = tmp_path / "草稿.docx"
    code = ("import os, sys, drafter.output as o\n"
            "real = os.fsync\n"
            "def stop(fd):\n"
            "    real(fd); print('writing', flush=True); sys.stdin.read()\n"
            "os.fsync = stop\n"
            "from drafter.cli import main\n"
            f"main(['render', {str(EXAMPLE)!r}, '-o', {str(out)!r}])\n")
    p = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "writing"
    p.kill()
    p.wait(timeout=30)
    left = os.listdir(tmp_path)
    assert not out.exists() and len(left) == 1 and left[0].startswith(".drafter-tmp-"), left
    r = run_cli("render", EXAMPLE, "-o", out)
    assert r.returncode == 0, r.stderr
    assert os.listdir(tmp_path) == [out.name]


def test_output_redirected_onto_a_full_disk(tmp_path):
    disk = mount_tmpfs(tmp_path / "满盘", "size=16k")
    with contextlib.suppress(OSError), open(disk / "填满", "wb") as f:
        f.write(b"\0" * 65536)
    with open(disk / "k.json", "wb") as out:
        r = subprocess.run([sys.executable, "-m", "drafter", "kinds", "--json"], cwd=ROOT, stdout=out,
                           stderr=subprocess.PIPE, text=True, timeout=60)
    assert r.returncode == 2
    assert_clean_error(r.stderr, None, "磁盘空间不足")


def test_two_drafts_to_one_output_never_replace_each_others_answers(tmp_path):
    """Both pass the checks before the first question; the second to finish finds the answers
    file the first wrote and is refused instead of replacing it."""
    from drafter.draft import Session, finish, plan_outputs
    a = plan_outputs(None, str(tmp_path / "草稿.txt"), None, False)
    b = plan_outputs(None, str(tmp_path / "草稿.txt"), None, False)
    s = Session.from_file(EXAMPLE)
    finish(s, a)
    first = a.answers.read_bytes()
    from drafter.errors import OutputError
    with pytest.raises(OutputError, match="已存在"):
        finish(s, b)
    assert a.answers.read_bytes() == first and sorted(os.listdir(tmp_path)) == ["草稿.answers.yaml", "草稿.txt"]


@pytest.mark.parametrize("stop_after", [1, 4])      # old manifest moved aside / new templates in place
def test_mine_killed_during_the_bank_swap_leaves_the_old_bank(tmp_path, small_bank, stop_after):
    """A real `drafter mine --force` stopped inside the swap (after `stop_after` renames) and
    killed with SIGKILL: the next command restores the old bank byte for byte; the next mine works."""
    small = min(SMALL, key=lambda p: p.stat().st_size)
    bank = tmp_path / "库"
    shutil.copytree(small_bank, bank)
    before = _tree_hash(bank)
    code = ("import os, sys, drafter.bankio as b\n"
            "real, n = os.rename, [0]\n"
            "def rename(a, c):\n"
            "    real(a, c); n[0] += 1\n"
            f"    if n[0] == {stop_after}: print('swapping', flush=True); sys.stdin.read()\n"
            "b.os.rename = rename\n"
            "from drafter.cli import main\n"
            f"main(['mine', {str(small)!r}, {str(SMALL[0])!r}, '-o', {str(bank)!r}, '--force', '--jobs', '1'])\n")
    p = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "swapping", p.stderr.read()
    p.kill()
    p.wait(timeout=30)
    assert _tree_hash(bank) != before                      # it really was stopped half-way
    r = run_cli("kinds", "--bank", bank)
    assert r.returncode == 0, r.stderr
    assert _tree_hash(bank) == before and sorted(os.listdir(bank)) == ["manifest.json", "phrasebank", "templates"]
    if stop_after == 1:
        return                 # the next mine is tried once, after the later stop
    r = run_cli("mine", small, SMALL[0], "-o", bank, "--force", timeout=300)
    assert r.returncode == 0, r.stderr
    assert _tree_hash(bank) != before and sorted(os.listdir(bank)) == ["manifest.json", "phrasebank", "templates"]


def test_without_hard_links_the_name_is_still_claimed_exclusively(tmp_path, monkeypatch):
    """On a drive without hard links (FAT, some network shares) the final name is claimed with
    O_EXCL before the whole file replaces the claim: still never an existing file replaced."""
    from drafter import output
    from drafter.errors import OutputError

    def no_links(src, dst):
        raise PermissionError(1, "Operation not permitted")
    monkeypatch.setattr(output.os, "link", no_links)
    output.atomic_write(tmp_path / "a.txt", b"first")
    assert (tmp_path / "a.txt").read_bytes() == b"first"
    real_check = output.check_writable
    monkeypatch.setattr(output, "check_writable", lambda *a, **k: None)     # as if another run got there first
    with pytest.raises(OutputError, match="已存在"):
        output.atomic_write(tmp_path / "a.txt", b"second")
    monkeypatch.setattr(output, "check_writable", real_check)
    assert (tmp_path / "a.txt").read_bytes() == b"first" and os.listdir(tmp_path) == ["a.txt"]


def test_disk_filling_up_during_a_draft_shows_the_answers(tmp_path, monkeypatch):
    """The checks before the first question pass; the disk fills up while the user answers: the
    error is Chinese, nothing half-written is left, and the answers are printed, not lost."""
    from drafter import draft_ui
    disk = mount_tmpfs(tmp_path / "盘", "size=300k")
    real = draft_ui.finish

    def fill_then_finish(session, outputs):
        with contextlib.suppress(OSError), open(disk / "别的程序", "wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
        return real(session, outputs)
    monkeypatch.setattr(draft_ui, "finish", fill_then_finish)
    rc, out, err = run_in(tmp_path, "draft", EXAMPLE, "-o", disk / "草稿.docx", input="\n" * 400)
    assert rc == 2
    assert_clean_error(err, "草稿.answers.yaml", "磁盘空间不足")
    assert "以下是目前的回答" in err
    import yaml
    shown = yaml.safe_load(out[out.rindex("\nkind: ") + 1:])          # the answers, as YAML, at the end
    assert shown["kind"] == "h1-summary" and shown["unit"]["name"] == "青山县市场监督管理局"
    assert sorted(os.listdir(disk)) == ["别的程序"]


def test_two_mines_into_one_new_bank_never_replace_each_other(tmp_path, small_bank):
    """Without --force, a bank another run wrote while this one was mining is not replaced."""
    from drafter import bankio
    from drafter.errors import OutputError
    out = tmp_path / "库"
    bankio.check_bank_target(out, force=False)             # nothing there yet: this run may create it
    shutil.copytree(small_bank, out)                        # meanwhile another run wrote its bank
    before = _tree_hash(out)
    manifest = {"kinds": [{"id": "x", "name": "某类"}]}
    with pytest.raises(OutputError, match="另一个程序"):
        bankio.write_bank(out, manifest, {"x": "模板"}, [])
    assert _tree_hash(out) == before and sorted(os.listdir(out)) == ["manifest.json", "phrasebank", "templates"]
    (tmp_path / "空").mkdir()
    bankio.check_bank_target(tmp_path / "空", force=False)  # and with nothing in the way it is written
    bankio.write_bank(tmp_path / "空", manifest, {"x": "模板"}, [])
    assert (tmp_path / "空" / "templates" / "x.j2").read_text("utf-8") == "模板"
    assert sorted(os.listdir(tmp_path / "空")) == ["manifest.json", "phrasebank", "templates"]


def test_concurrent_mines_into_one_new_directory_exactly_one_wins(tmp_path):
    small = sorted(SMALL, key=lambda p: p.stat().st_size)
    out = tmp_path / "库"
    procs = [subprocess.Popen([sys.executable, "-m", "drafter", "mine", str(f), "-o", str(out), "--jobs", "1"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in small[:2]]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert sorted(rc for rc, _ in results) == [0, 2], results
    loser = next(err for rc, err in results if rc == 2)
    assert ("已有模板库" in loser or "另一个程序" in loser) and "Traceback" not in loser, loser
    import json
    winner = small[[rc for rc, _ in results].index(0)]
    assert json.loads((out / "manifest.json").read_text("utf-8"))["corpus"]["files"] == [winner.name]
    assert sorted(os.listdir(out)) == ["manifest.json", "phrasebank", "templates"]

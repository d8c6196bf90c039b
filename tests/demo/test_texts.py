"""The demo's texts speak of resolving matters and meeting people's reasonable demands, not of "stability" at
sensitive dates or of watching petitioners (DESIGN.md §6; issue 12): every Chinese string in the demo's modules is
scanned for the words of that vocabulary."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# The demo county's texts: the generator's scenarios and plans, and each register's demo year.
MODULES = sorted({*BASE.glob("demo/*.py"), *(BASE / app / "demo.py" for app in ("reception", "supervision",
                                                                                  "meetings", "duty"))})
STABILITY_WORDS = ("维稳", "稳控", "稳定", "敏感", "劝返", "息访", "越级", "进京", "非访", "截访", "接返", "控制", "管控",
                   "布控", "盯", "重点人员", "重要节点", "激化")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def chinese_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CHINESE.search(node.value)]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BASE)))
def test_the_demo_texts_use_no_stability_words(path):
    found = [(line, word, text) for line, text in chinese_strings(path) for word in STABILITY_WORDS if word in text]
    assert found == []


def test_the_scan_reads_the_texts_it_is_about():
    """The texts the scan must see are found: the five assurances' measures, the meetings' tasks, the duty rules."""
    texts = {path.relative_to(BASE).as_posix(): "".join(t for _l, t in chinese_strings(path)) for path in MODULES}
    assert "专人跟踪办理" in texts["supervision/demo.py"]
    assert "逐件制定化解方案" in texts["meetings/demo.py"]
    assert "热情接待来信来访群众" in texts["duty/demo.py"]
    assert "切实解决群众合理诉求" in texts["demo/texts.py"]

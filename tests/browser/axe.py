"""Accessibility checks for the browser tests: axe-core from npm, injected into the page under
test, and a full-page screenshot of each step kept under test-artifacts/ for people to look at.

axe-core comes from `npm ci` (package.json). Without it the scan skips on a developer's
machine and fails under CI, like a missing Chromium.
"""

import re
from pathlib import Path

from tests.conftest import ARTIFACTS, missing

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts that fail a page; "minor" and "moderate" are left to review.
BLOCKING = ("serious", "critical")
RUN_AXE = "() => axe.run(document, {resultTypes: ['violations']})"


def axe_script() -> Path:
    """The path of axe.min.js, or a skip (a failure under CI) saying how to install it."""
    if not AXE_JS.exists():
        missing(
            f"axe-core is not installed at {AXE_JS.parent} "
            "(install Node and run `npm ci`, or `make install`)"
        )
    return AXE_JS


def scan(page, name: str) -> list[dict]:
    """The page's serious and critical axe violations; prints `axe <name>: N serious/critical`."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    results = page.evaluate(RUN_AXE)
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING]
    print(f"axe {name}: {len(blocking)} serious/critical")
    return blocking


def describe(violations: list[dict]) -> str:
    """One line per violation: rule id, impact and where, for an assertion message."""
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        lines.append(f"    {v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


def artifact_dir(test_name: str) -> Path:
    """test-artifacts/<test>/, its name made safe for any file system."""
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, test_name: str, number: int, step: str) -> Path:
    """Save a full-page screenshot as test-artifacts/<test>/<NN>-<step>.png."""
    path = artifact_dir(test_name) / f"{number:02d}-{step}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class Checkpoints:
    """Each step of a journey: a screenshot and an axe scan, with the violations kept so the
    test can go on and report every failing step at the end."""

    def __init__(self, page, test_name: str):
        axe_script()  # skip (or fail under CI) before the journey, not half-way through it
        self.page, self.test_name = page, test_name
        self.steps: list[str] = []
        self.violations: dict[str, list[dict]] = {}

    def __call__(self, step: str) -> None:
        self.page.wait_for_load_state()
        self.steps.append(step)
        screenshot(self.page, self.test_name, len(self.steps), step)
        found = scan(self.page, step)
        if found:
            self.violations[step] = found

    def assert_clean(self) -> None:
        report = "\n".join(
            f"  {step}: {', '.join(v['id'] for v in found)}\n{describe(found)}"
            for step, found in self.violations.items()
        )
        assert not self.violations, f"serious or critical axe violations:\n{report}"

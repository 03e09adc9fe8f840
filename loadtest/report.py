"""Figures from the recorded samples: requests per second, latency percentiles per endpoint,
answers by status."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from loadtest.browser import Sample


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(share * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass(frozen=True)
class Summary:
    seconds: float
    requests: int
    statuses: Counter
    lines: list[str]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def summarize(samples: list[Sample], seconds: float) -> Summary:
    by_endpoint: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_endpoint[sample.endpoint].append(sample)
    width = max((len(name) for name in by_endpoint), default=10)
    lines = [
        f"{'endpoint':<{width}} {'count':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'p99 ms':>8}  statuses"
    ]
    for name in sorted(by_endpoint, key=lambda n: -len(by_endpoint[n])):
        group = by_endpoint[name]
        times = sorted(s.seconds * 1000 for s in group)
        statuses = Counter(s.status for s in group)
        lines.append(
            f"{name:<{width}} {len(group):>6} {len(group) / seconds:>7.1f}"
            f" {percentile(times, 0.50):>8.0f} {percentile(times, 0.95):>8.0f}"
            f" {percentile(times, 0.99):>8.0f}  {_statuses(statuses)}"
        )
    return Summary(seconds, len(samples), Counter(s.status for s in samples), lines)


def _statuses(counts: Counter) -> str:
    return " ".join(f"{status or 'no answer'}:{n}" for status, n in sorted(counts.items()))


def status_line(counts: Counter) -> str:
    """Answers by status, with what each means in this run."""
    meaning = {
        0: "no answer (connection lost)",
        409: "lost races (expected)",
        429: "rate limited",
        500: "FAILURES",
        503: "busy, with Retry-After",
    }
    parts = []
    for status, n in sorted(counts.items()):
        label = meaning.get(status, "")
        parts.append(f"{status or '-'}: {n}" + (f" ({label})" if label else ""))
    return ", ".join(parts)

"""Benchmark: organization-vs-organization OOS diff on two documents of 2,000 claims each.

What it measures: wall time of `otp.oos.diff.diff_orgs` (exact prefix-filtered similarity
join) next to `otp.oos.diff.diff_all_pairs` (the plain all-pairs reference, 4,000,000
comparisons), in the same run on the same input, and it asserts both return the same diff.

Input: deterministic (seed 7) synthetic claims over one shared Zipf-distributed vocabulary
(~130 common operations words such as agent, client, founder, approval, then ~5,300 generated
terms), 8-16 + 6-12 + 3-7 words for rule, why and scope. Document B holds 15% near-copies of A's
claims (one word changed: DUPLICATE), 15% reworded ones (about a third of the words replaced:
SIMILAR) and 70% independent claims.

Run from the repository root:  python -m bench.bench_oos_diff   (or via python -m bench.run oos)
Target: fast method under 1 s and at least 10x faster than all-pairs.
"""
from __future__ import annotations

import random
import sys

from bench._table import median, p99, print_table, timings
from otp.oos.diff import diff_all_pairs, diff_orgs
from otp.oos.model import STANDARD_SECTIONS, Claim

N_CLAIMS = 2_000
SEED = 7
BASE_WORDS = """agent agents client founder approval escalate escalation budget spend report data state file
files shared scanner briefing morning overnight schedule pipeline sales retention risk trust message
messages bus inbox review reviewer outcome owner seat authority boundary human humans coaching call
center performance campaign ads metric metrics threshold stale warning alert critical deploy release
incident rollback test tests verify execution protocol trigger workflow handoff queue task tasks
overdue capacity team manager analyst evaluator learning loop score maturity context memory canonical
policy guardrail guardrails limit limits contract pricing hiring external internal communication email
slack draft drafts sends send weekly daily monthly quarterly measurable target trend issue issues
solve decision decisions recommend recommends reports patterns conflict conflicts duplicate owner
""".split()


def _vocabulary(rng: random.Random) -> list[str]:
    # About 5,300 generated terms next to the ~130 common operations words: 4,000 claims of
    # real operations prose use a few thousand distinct content words.
    syllables = ["ka", "lo", "mi", "ter", "ran", "vo", "sel", "dun", "pra", "ix", "os", "bel", "cor", "tam",
                 "gri", "fen", "ul", "ast", "mor", "quin"]
    generated = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(8_000)}
    return BASE_WORDS + sorted(generated - set(BASE_WORDS))


def _sentence(rng: random.Random, vocab: list[str], weights: list[float], lo: int, hi: int) -> str:
    return " ".join(rng.choices(vocab, weights=weights, k=rng.randint(lo, hi))).capitalize() + "."


def _claim(i: int, rule: str, why: str, scope: str, rng: random.Random) -> Claim:
    return Claim(id=f"C{i:04d}", section=rng.choice(STANDARD_SECTIONS), rule=rule, why=why,
                 failure_mode="Things go wrong.", confidence="MEDIUM", evidence="INFERENCE", scope=scope)


def _mutate(rng: random.Random, text: str, vocab: list[str], share: float, at_least: int) -> str:
    words = text.rstrip(".").split()
    k = max(at_least, round(len(words) * share))
    for pos in rng.sample(range(len(words)), min(k, len(words))):
        words[pos] = rng.choice(vocab[60:])  # a rare word: really changes the token set
    return " ".join(words) + "."


def make_documents(n: int = N_CLAIMS, seed: int = SEED) -> tuple[list[Claim], list[Claim]]:
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]  # Zipf-like usage
    a = [_claim(i + 1, _sentence(rng, vocab, weights, 8, 16), _sentence(rng, vocab, weights, 6, 12),
                _sentence(rng, vocab, weights, 3, 7), rng) for i in range(n)]
    b = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.30:
            src = rng.choice(a)
            share, least = (0.0, 1) if roll < 0.15 else (0.3, 2)
            b.append(_claim(i + 1, _mutate(rng, src.rule, vocab, share, least),
                            _mutate(rng, src.why, vocab, share, 0 if least == 1 else 1), src.scope, rng))
        else:
            b.append(_claim(i + 1, _sentence(rng, vocab, weights, 8, 16), _sentence(rng, vocab, weights, 6, 12),
                            _sentence(rng, vocab, weights, 3, 7), rng))
    return a, b


def main(quick: bool = False) -> int:
    """Returns 0 when the targets are met, 1 on a result mismatch, 2 when too slow.
    `quick` (used by `python -m bench.run --quick`) runs 500 x 500 claims once each."""
    a, b = make_documents(500 if quick else N_CLAIMS)
    reference = diff_all_pairs(a, b)
    fast_result = diff_orgs(a, b)
    if fast_result != reference:
        print("MISMATCH: fast diff differs from the all-pairs reference", file=sys.stderr)
        return 1
    # Interleave the runs so that background load on the machine hits both methods alike.
    slow_runs, fast_runs = [], []
    for _ in range(1 if quick else 3):
        slow_runs += timings(lambda: diff_all_pairs(a, b), repeat=1, warmup=0)
        fast_runs += timings(lambda: diff_orgs(a, b), repeat=1 if quick else 3, warmup=0)
    slow_s, fast_s = median(slow_runs), median(fast_runs)
    print_table(f"OOS org diff, {len(a):,} x {len(b):,} claims (same result: yes; summary {reference.summary})",
                ["method", "seconds (median)", "p99", "runs", "ratio to all-pairs"],
                [["all-pairs reference", slow_s, p99(slow_runs), len(slow_runs), 1.0],
                 ["prefix-filtered", fast_s, p99(fast_runs), len(fast_runs), fast_s / slow_s]])
    print(f"speed-up: {slow_s / fast_s:.1f}x; target (full size only): fast < 1 s and >= 10x")
    if quick:
        return 0
    return 0 if fast_s < 1.0 and slow_s / fast_s >= 10 else 2


if __name__ == "__main__":
    raise SystemExit(main())

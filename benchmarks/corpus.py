"""Synthetic MIA-style corpora for scale tests and benchmarks, generated
deterministically from the seed and the development texts: each text gets an
author line, a title, an info block and a body of paragraphs, lists and
headings drawn from the real texts."""

from __future__ import annotations

import random
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

AUTHORS = [
    "Nikolai Bukharin",
    "Rosa Luxemburg 1906",
    "Paul Lafargue 1905",
    "V. I. Lenin",
    "Clara Zetkin",
]
LABELS = [
    "Source: The Communist International, 1923, No. {n}, pp. {a}-{b} ({w:,} words)",
    "Transcription: Ted Crawford",
    "Translated: by Jacques Bonhomme;",
    "HTML Markup: Brian Reid",
    "Public Domain: Marxists Internet Archive (2007). You may freely copy, distribute, display"
    " and perform this work. Please credit “Marxists Internet Archive” as your source.",
]


def _material() -> list[str]:
    """Body blocks of the real texts (after their header blocks)."""
    texts = sorted((PROJECT / "seeds").glob("*.txt"))
    dev = PROJECT.parent / "shared" / "corpus" / "mia-dev"
    texts += sorted(dev.glob("*.txt"))
    blocks: list[str] = []
    for path in texts:
        parts = [b.strip() for b in path.read_text("utf-8").split("\n\n") if b.strip()]
        blocks += [b for b in parts[3:] if not b.startswith(("Notes", "[")) and len(b) > 40]
    return blocks


def generate(folder: Path, count: int, seed: int = 1923) -> int:
    """Write ``count`` texts into ``folder``; returns their total size in bytes."""
    rng = random.Random(seed)
    blocks = _material()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        body = rng.sample(blocks, k=min(len(blocks), rng.randint(6, 18)))
        words = sum(len(b.split()) for b in body)
        a = rng.randint(1, 400)
        info = [LABELS[0].format(n=rng.randint(1, 40), a=a, b=a + rng.randint(1, 20), w=words)]
        info += rng.sample(LABELS[1:], k=rng.randint(1, 4))
        title = rng.choice(body)[:60].rsplit(" ", 1)[0].strip(" ,.;:“”\"'")
        parts = [rng.choice(AUTHORS), title or f"Text {i}", "\n".join(info)]
        for block in body:
            parts.append(block)
            if rng.random() < 0.1:
                parts.append("* * *")
        text = "\n\n".join(parts) + "\n"
        data = text.encode("utf-8")
        (folder / f"text-{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total

"""Score and time the extractor with another learned detector swapped in (tenth and eleventh sessions).

    .venv/bin/python bench/lean_detector/evaluate.py MODEL eval
    OMP_NUM_THREADS=1 taskset -c 0 .venv/bin/python bench/lean_detector/evaluate.py MODEL rates \\
        bench/out/corpus-10000.jsonl 1500

``MODEL`` is a folder written by ``scripts/train_ner.py`` (either design: the lean tagger's factory,
``kg_biluo_ner``, is registered by ``kg.extract``); ``committed`` and ``lean`` stand for the two shipped
models, so pairs of runs compare them on the same machine state. ``eval`` prints what ``kg eval``
prints for that extractor; ``rates`` prints the whole extractor's abstracts/s on the first N abstracts
of a corpus (model load excluded).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from kg.evaluate import run_evaluation  # noqa: E402
from kg.extract import CONFIG_PATH, LEAN_MODEL_PATH, MODEL_PATH, Extractor  # noqa: E402
from kg.extract.vocabulary import DEFAULT_PATH  # noqa: E402

GOLD = REPO / "tests" / "gold"


def main() -> None:
    model = {"committed": MODEL_PATH, "lean": LEAN_MODEL_PATH}.get(sys.argv[1]) or Path(sys.argv[1])
    extractor = Extractor.from_config(CONFIG_PATH, vocabularies=[DEFAULT_PATH], ner_model=model)
    if sys.argv[2] == "eval":
        print(run_evaluation(GOLD / "seed_gold.json", REPO.parent / "shared" / "data" / "scierc" / "dev.json",
                             heldout=GOLD / "seed_gold_heldout.json", dev2=GOLD / "seed_gold_dev2.json",
                             extractor=extractor))
        return
    with open(sys.argv[3], encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(int(sys.argv[4])), handle, strict=False)]
    texts = [record["title"] + "\n\n" + record["abstract"] for record in records]
    start = time.perf_counter()
    for _ in extractor.annotate(texts, batch_size=256):
        pass
    seconds = time.perf_counter() - start
    print(json.dumps({"model": str(model), "abstracts": len(texts), "seconds": round(seconds, 2),
                      "per_s": round(len(texts) / seconds, 1)}))


if __name__ == "__main__":
    main()

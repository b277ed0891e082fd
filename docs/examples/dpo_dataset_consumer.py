#!/usr/bin/env python3
"""Build a DPO dataset from Arbiter's preference-pairs topic, as an online-DPO trainer does.

Uses Confluent's Python client (Debian: python3-confluent-kafka, python3-avro,
python3-requests) through arbiter_reader.py next to this file: read_committed, values decoded
from the Confluent wire format with writer schemas fetched from the registry.

Every record is already a training example: Arbiter emits at most one pair per complete
best-of-N group, its best and its worst candidate, only when their reward margin passes the
deployment's threshold (and, with pairwise confirmation on, when a judgement in both orders
agreed). So this consumer only reshapes: one JSON line per pair with the "prompt" (the chat
turns), "chosen" and "rejected" fields a DPO trainer such as TRL's DPOTrainer reads, plus the
ids, scores and judge versions needed to trace or filter an example later. --min-margin and
--require-confirmed filter further on the trainer's side.

Example:
  /usr/bin/python3 docs/examples/dpo_dataset_consumer.py \
      --bootstrap localhost:9092 --registry http://localhost:8081/apis/ccompat/v7 \
      --topic arbiter.preference-pairs.v1 --expect 25 --out dpo.jsonl
Prints one JSON summary line on stdout.
"""
import argparse
import json
import sys
from collections import Counter

from arbiter_reader import add_connection_args, read_values


def examples(pairs, min_margin, require_confirmed):
    """DPO rows (prompt, chosen, rejected and provenance) for the pairs that pass the filters."""
    rows = []
    for p in pairs:
        if p["margin"] < min_margin or (require_confirmed and not p["pairwise_confirmed"]):
            continue
        rows.append({
            "prompt": [{"role": t["role"], "content": t["content"]} for t in p["prompt"]],
            "chosen": p["chosen"],
            "rejected": p["rejected"],
            "prompt_id": p["prompt_id"],
            "chosen_candidate_id": p["chosen_candidate_id"],
            "rejected_candidate_id": p["rejected_candidate_id"],
            "score_chosen": p["chosen_score"],
            "score_rejected": p["rejected_score"],
            "judge": "%s/%s@%s" % (p["judge"]["model"], p["judge"]["template"], p["judge"]["template_version"]),
        })
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_args(ap, "arbiter.preference-pairs.v1", "dpo-trainer-example")
    ap.add_argument("--min-margin", type=float, default=0.0, help="drop pairs whose reward margin is below this")
    ap.add_argument("--require-confirmed", action="store_true", help="keep only pairs a pairwise judgement confirmed")
    ap.add_argument("--out", help="write the dataset here as JSON lines")
    args = ap.parse_args()

    pairs = read_values(args)
    seen = Counter(p["prompt_id"] for p in pairs)
    rows = examples(pairs, args.min_margin, args.require_confirmed)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = {
        "count": len(pairs),
        "distinct_groups": len(seen),
        "duplicates": sorted(p for p, n in seen.items() if n > 1),
        "examples": len(rows),
        "min_margin_seen": min((p["margin"] for p in pairs), default=None),
        "chosen_equals_rejected": sum(1 for p in pairs if p["chosen"] == p["rejected"]),
        "strategies": dict(Counter(p["strategy"] for p in pairs)),
        "judge_templates": sorted({p["judge"]["template"] for p in pairs}),
        "sample": rows[:2],
    }
    print(json.dumps(summary, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

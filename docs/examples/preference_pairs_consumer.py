#!/usr/bin/env python3
"""Read Arbiter's pairwise-results topic the way a DPO-style preference trainer does.

Uses Confluent's Python client (Debian: python3-confluent-kafka, python3-avro,
python3-requests) through arbiter_reader.py next to this file: read_committed, values decoded
from the Confluent wire format with writer schemas fetched from the registry.

A result becomes a (chosen, rejected) preference only when its status is OK and it names a
winner, A or B. Under the default conservative consolidation a winner already means both
presentation orders agreed; --require-consistent also drops winners from a single order or a
lenient consolidation. Ties, parse failures and judge failures are counted, never turned into
a preference. Results carry the candidate ids given in the request (if any) and the pair id;
the response texts stay with the trainer, which joins on those ids.

Example:
  /usr/bin/python3 docs/examples/preference_pairs_consumer.py \
      --bootstrap localhost:9092 --registry http://localhost:8081/apis/ccompat/v7 \
      --topic arbiter.pairwise-results.v1 --expect 20
Prints one JSON summary line on stdout.
"""
import argparse
import json
import sys
from collections import Counter

from arbiter_reader import add_connection_args, read_values


def preferences(results, require_consistent):
    """One preference (chosen and rejected side) for every result a trainer may learn from."""
    out = []
    for r in results:
        if r["status"] != "OK" or r["winner"] not in ("A", "B"):
            continue
        if require_consistent and not (r["consistency_measured"] and r["consistent"]):
            continue
        winner, loser = r["winner"].lower(), ("b" if r["winner"] == "A" else "a")
        out.append({
            "pair_id": r["pair_id"],
            "chosen_side": r["winner"],
            "chosen_candidate_id": r["candidate_id_" + winner],
            "rejected_candidate_id": r["candidate_id_" + loser],
        })
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_args(ap, "arbiter.pairwise-results.v1", "preference-trainer-example")
    ap.add_argument("--require-consistent", action="store_true",
                    help="keep only winners both presentation orders agreed on")
    args = ap.parse_args()

    results = read_values(args)
    seen = Counter(r["pair_id"] for r in results)
    prefs = preferences(results, args.require_consistent)
    measured = [r for r in results if r["consistency_measured"]]
    summary = {
        "count": len(results),
        "distinct_pairs": len(seen),
        "duplicates": sorted(p for p, n in seen.items() if n > 1),
        "status_counts": dict(Counter(r["status"] for r in results)),
        "winners": dict(Counter(r["winner"] for r in results if r["winner"] is not None)),
        "consistency_rate": (sum(1 for r in measured if r["consistent"]) / len(measured)) if measured else None,
        "preferences": len(prefs),
        "orders_judged": sorted({j["order"] for r in results for j in r["judgements"]}),
        "judge_templates": sorted({r["judge"]["template"] for r in results}),
        "sample": prefs[:3],
    }
    print(json.dumps(summary, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Read Arbiter's reward topic the way an RL trainer does.

Uses Confluent's Python client (Debian: python3-confluent-kafka, python3-avro,
python3-requests) through arbiter_reader.py next to this file: read_committed, values decoded
from the Confluent wire format with writer schemas fetched from the registry.

It groups rewards by prompt, as a GRPO-style trainer would, and computes each candidate's
group-relative advantage (reward minus the group mean). Rewards whose status is not OK carry
no reward value and are left out of the advantage, never replaced by a default.

Example:
  /usr/bin/python3 docs/examples/trainer_rewards_consumer.py \
      --bootstrap localhost:9092 --registry http://localhost:8081/apis/ccompat/v7 \
      --topic arbiter.rewards.v1 --expect 400
Prints one JSON summary line on stdout.
"""
import argparse
import json
import sys
from collections import Counter, defaultdict

from arbiter_reader import add_connection_args, read_values


def group_advantages(rewards):
    groups = defaultdict(list)
    for r in rewards:
        if r["status"] == "OK" and r["reward"] is not None:
            groups[r["prompt_id"]].append(r)
    advantages = {}
    for prompt_id, members in groups.items():
        mean = sum(m["reward"] for m in members) / len(members)
        for m in members:
            advantages[m["candidate_id"]] = m["reward"] - mean
    return groups, advantages


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_args(ap, "arbiter.rewards.v1", "trainer-example")
    args = ap.parse_args()

    rewards = read_values(args)
    seen = Counter(r["candidate_id"] for r in rewards)
    groups, advantages = group_advantages(rewards)
    summary = {
        "count": len(rewards),
        "distinct_candidates": len(seen),
        "duplicates": sorted(c for c, n in seen.items() if n > 1),
        "status_counts": dict(Counter(r["status"] for r in rewards)),
        "prompts_with_rewards": len(groups),
        "candidates_with_advantage": len(advantages),
        "reward_range": [min((r["reward"] for r in rewards if r["reward"] is not None), default=None),
                         max((r["reward"] for r in rewards if r["reward"] is not None), default=None)],
        "judge_models": sorted({r["judge"]["model"] for r in rewards}),
        "sample": [{k: r[k] for k in ("candidate_id", "prompt_id", "status", "raw_rating", "reward", "flags")}
                   for r in rewards[:3]],
    }
    print(json.dumps(summary, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

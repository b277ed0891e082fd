#!/usr/bin/env python3
"""Read Arbiter's reward topic the way an RL trainer does.

Uses Confluent's Python client (Debian: python3-confluent-kafka, python3-avro,
python3-requests): its Avro MessageSerializer fetches writer schemas from the schema
registry by the id in each record's Confluent header. Reads with isolation.level
read_committed, so only rewards from committed Arbiter transactions are seen.

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
import time
from collections import Counter, defaultdict

from confluent_kafka import Consumer, KafkaError
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def read_rewards(args):
    # Keys are plain UTF-8 prompt ids (so all candidates of a prompt share a partition); only
    # values are Avro in the Confluent wire format. AvroConsumer would try to decode keys as
    # Avro too, so values are decoded explicitly with Confluent's own MessageSerializer.
    registry = CachedSchemaRegistryClient({"url": args.registry})
    avro = MessageSerializer(registry)
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        "isolation.level": "read_committed",
        "enable.auto.commit": False,
    })
    consumer.subscribe([args.topic])
    seen = Counter()
    rewards = []
    deadline = time.monotonic() + args.timeout
    idle_after_expected = 0
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                # Once the expected count is reached, a few empty polls confirm nothing more comes.
                if args.expect and len(rewards) >= args.expect:
                    idle_after_expected += 1
                    if idle_after_expected >= args.settle_polls:
                        break
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise RuntimeError(str(msg.error()))
            value = avro.decode_message(msg.value())
            seen[value["candidate_id"]] += 1
            rewards.append(value)
    finally:
        consumer.close()
    return rewards, seen


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
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--registry", required=True, help="Confluent-compatible schema registry base URL")
    ap.add_argument("--topic", default="arbiter.rewards.v1")
    ap.add_argument("--group", default="trainer-example")
    ap.add_argument("--expect", type=int, default=0, help="stop once this many rewards were read")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to read at most")
    ap.add_argument("--settle-polls", type=int, default=4)
    args = ap.parse_args()

    rewards, seen = read_rewards(args)
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

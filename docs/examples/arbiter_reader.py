"""Shared reading of one Arbiter output topic with Confluent's Python client.

Keys are plain UTF-8 ids (so records of one prompt share a partition); only values are Avro in
the Confluent wire format. AvroConsumer would try to decode keys as Avro too, so values are
decoded explicitly with Confluent's own MessageSerializer, which fetches each writer schema from
the registry by the id in the record's header. Reads with isolation.level=read_committed, so only
records of committed Arbiter transactions are seen.
"""
import time

from confluent_kafka import Consumer, KafkaError
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def add_connection_args(ap, default_topic, default_group):
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--registry", required=True, help="Confluent-compatible schema registry base URL")
    ap.add_argument("--topic", default=default_topic)
    ap.add_argument("--group", default=default_group)
    ap.add_argument("--expect", type=int, default=0, help="stop once this many records were read")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to read at most")
    ap.add_argument("--settle-polls", type=int, default=4,
                    help="empty polls after --expect is reached that confirm nothing more comes")


def read_values(args):
    """Decoded values of args.topic, in partition order, until --expect (then settled) or --timeout."""
    avro = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        "isolation.level": "read_committed",
        "enable.auto.commit": False,
    })
    consumer.subscribe([args.topic])
    values = []
    deadline = time.monotonic() + args.timeout
    idle_after_expected = 0
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                if args.expect and len(values) >= args.expect:
                    idle_after_expected += 1
                    if idle_after_expected >= args.settle_polls:
                        break
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise RuntimeError(str(msg.error()))
            values.append(avro.decode_message(msg.value()))
    finally:
        consumer.close()
    return values

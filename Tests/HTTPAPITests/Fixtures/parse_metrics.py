#!/usr/bin/env python3
"""Parses Prometheus exposition text from stdin with the real `prometheus_client` parser and prints the families as
JSON: {name: {"type": ..., "samples": [[sample name, labels, value], ...]}}. A parse error exits non-zero.
The Swift test (MetricsTests) makes the assertions."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = {
        "type": family.type,
        "samples": [[sample.name, sample.labels, sample.value] for sample in family.samples],
    }
print(json.dumps(families))

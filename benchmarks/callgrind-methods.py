#!/usr/bin/env python3
"""Instructions per operation by method, from two callgrind runs kept by GREENLET_IC_KEEP=1.

Reads each run's main-thread file (PREFIX-01) and its perf map (PREFIX.map, which names JIT-compiled code), sums each
function's own instructions (not those of its callees), and prints (large - small) / operations for the top methods:
the per-operation profile, with the warm-up and start-up that both runs share taken out.

  benchmarks/callgrind-methods.py DIR/rt.small DIR/rt.large OPERATIONS [TOP]
  (OPERATIONS: how many more operations the large run did; instructions.sh prints it as "ops more")

Code the map does not name (runtime stubs, native frames without symbols) keeps its address.
"""
import bisect
import collections
import re
import sys


def load_map(path):
    entries = []
    for line in open(path):
        address, size, name = line.rstrip("\n").split(" ", 2)
        entries.append((int(address, 16), int(size, 16), name))
    entries.sort()
    return entries


def self_costs(path, entries):
    starts = [e[0] for e in entries]

    def named(raw):
        if not raw.startswith("0x"):
            return raw
        address = int(raw.split("'")[0], 16)
        i = bisect.bisect_right(starts, address) - 1
        return entries[i][2] if i >= 0 and address < entries[i][0] + entries[i][1] else raw

    names, costs, current, after_call = {}, collections.Counter(), None, False
    definition = re.compile(r"c?fn=\((\d+)\)(?: (.*))?")
    for line in open(path):
        if line.startswith(("fn=", "cfn=")):
            match = definition.match(line.strip())
            if match.group(2):
                names[match.group(1)] = named(match.group(2))
            if line.startswith("fn="):
                current, after_call = names.get(match.group(1), "fn" + match.group(1)), False
        elif line.startswith("calls="):
            after_call = True  # the next cost line is the call's inclusive cost, not this function's own
        elif line[:1].isdigit() or line[:1] in "+-*":
            if after_call:
                after_call = False
                continue
            parts = line.split()
            if len(parts) >= 2 and current:
                costs[current] += int(parts[1])
    return costs


def main():
    small, large, operations = sys.argv[1], sys.argv[2], int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    before = self_costs(small + "-01", load_map(small + ".map"))
    after = self_costs(large + "-01", load_map(large + ".map"))
    per_operation = collections.Counter({k: (after[k] - before[k]) / operations for k in set(before) | set(after)})
    print(f"{sum(per_operation.values()):10.1f}  total instructions per operation")
    for name, cost in per_operation.most_common(top):
        print(f"{cost:10.1f}  {name[:160]}")


if __name__ == "__main__":
    main()

"""A seeded mutator for documents: the same seed gives the same mutants, so a failure found by
the fuzz test can be replayed exactly."""

from __future__ import annotations

import random
import re

__all__ = ["mutants"]

_JUNK = [b"<div>" * 200, b"</p></ul></table>", b"<table><tr><td>" * 50, b"\x00\xff\xfe",
         b"<script>while(1){}</script>", b"&#x110000;&#0;", b"\xc3\x28", b"<!--",
         b"obj << /Length 999999999 >> stream", b"/Count 2147483647", b"/Type /Pages",
         b"%%EOF", b"xref\n0 99999\n", b"endobj", b"/MediaBox [0 0 1e30 1e30]",
         b"/Filter /FlateDecode", b"(\\", b"<< << << <<", b"\t\t\t\n\n\n"]  # fmt: skip
_NUMBER = re.compile(rb"\d+")


def _mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        choice = rng.randrange(7)
        at = rng.randrange(len(out))
        if choice == 0:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif choice == 1:  # delete a slice
            del out[at : at + rng.randint(1, 4096)]
        elif choice == 2:  # duplicate a slice
            out[at:at] = out[at : at + rng.randint(1, 4096)]
        elif choice == 3:  # insert junk
            out[at:at] = rng.choice(_JUNK)
        elif choice == 4:  # truncate, sometimes keeping an end marker
            del out[at:]
            if rng.random() < 0.5:
                out += b"\n%%EOF\n"
        elif choice == 5:  # change a number (object numbers, lengths, offsets, counts)
            found = list(_NUMBER.finditer(bytes(out[at : at + 2000])))
            if found:
                m = rng.choice(found)
                value = str(rng.choice([0, 1, 2**31 - 1, 10**12, rng.randrange(10**6)]))
                out[at + m.start() : at + m.end()] = value.encode()
        else:  # swap two slices
            b = rng.randrange(len(out))
            n = rng.randint(1, 512)
            out[at : at + n], out[b : b + n] = out[b : b + n], out[at : at + n]
    return bytes(out)


def mutants(data: bytes, count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [_mutate(data, rng) for _ in range(count)]

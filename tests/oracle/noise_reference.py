#!/usr/bin/python3
"""gradscape's gradient-noise generator (engine/core/noise.hpp) written again from its documentation.

Python floats are IEEE doubles and + - * /, math.sqrt and math.frexp round as C++'s do, so this gives
the same bits as the C++ core. gen_torch_traces.py adds its deviates to torch's .grad for the noisy
oracle cases; run alone it prints deviates for a few keys:
    /usr/bin/python3 tests/oracle/noise_reference.py
"""
import math

MASK = 0xFFFFFFFF


def philox4x32_10(counter, key):
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for round_ in range(10):
        if round_ > 0:
            k0 = (k0 + 0x9E3779B9) & MASK
            k1 = (k1 + 0xBB67AE85) & MASK
        p0 = 0xD2511F53 * c0
        p1 = 0xCD9E8D57 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0) & MASK, p1 & MASK, ((p0 >> 32) ^ c3 ^ k1) & MASK, p0 & MASK
    return c0, c1, c2, c3


LN2_HIGH = float.fromhex("0x1.62e42feep-1")
LN2_LOW = 1.90821492927058770002e-10


def portable_log(s):
    m, exponent = math.frexp(s)
    if m < 0.70710678118654752440:
        m *= 2
        exponent -= 1
    t = (m - 1) / (m + 1)
    t2 = t * t
    series = 1.0 / 27
    for k in range(25, 0, -2):
        series = series * t2 + 1.0 / k
    e = float(exponent)
    return e * LN2_HIGH + (2 * t * series + e * LN2_LOW)


def normal_pair(seed, stream, iteration):
    key = (seed & MASK, (seed >> 32) & MASK)
    attempt = 0
    while True:
        bits = philox4x32_10((iteration & MASK, attempt, stream & MASK, (stream >> 32) & MASK), key)
        u = float(((bits[0] << 32 | bits[1]) >> 11)) * 2.0 ** -52 - 1
        v = float(((bits[2] << 32 | bits[3]) >> 11)) * 2.0 ** -52 - 1
        s = u * u + v * v
        if 0 < s < 1:
            factor = math.sqrt(-2 * portable_log(s) / s)
            return u * factor, v * factor
        attempt += 1


if __name__ == "__main__":
    for seed, stream, iteration in ((0, 0, 1), (42, 7, 123), (2 ** 53 - 1, 2 ** 40 + 3, 10_000_000)):
        print(seed, stream, iteration, *(repr(z) for z in normal_pair(seed, stream, iteration)))

#pragma once
// A seeded random sequence that is the same on every platform and standard library (std::
// distributions are not), so the demo and the quality-inspection sample are reproducible.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace svc {

// splitmix64: tiny and fast.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed * 0x9e3779b97f4a7c15ULL + 1) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::int64_t below(std::int64_t n) {
        return n <= 0 ? 0 : static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
    }
    double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
    bool chance(double p) { return unit() < p; }
    double between(double a, double b) { return a + (b - a) * unit(); }
    // An index drawn with the given weights.
    template <std::size_t N>
    std::size_t weighted(const std::array<int, N>& weights) {
        int total = 0;
        for (int w : weights) total += w;
        std::int64_t r = below(total);
        for (std::size_t i = 0; i < N; ++i) {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return N - 1;
    }
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(below(static_cast<std::int64_t>(items.size())))];
    }

private:
    std::uint64_t m_state;
};

}  // namespace svc

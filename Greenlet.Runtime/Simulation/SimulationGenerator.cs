using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// The seeded source of a simulation: xoshiro256** with its state seeded by SplitMix64 from the 32-bit seed. A mutable
/// struct kept in a field of <see cref="Simulation"/>, so a draw is a few shifts and multiplies with no call through an
/// object and no allocation; the sequence is fixed by this code alone (not by a runtime's <see cref="Random"/>), so a
/// seed replays on every .NET version.
/// </summary>
internal struct SimulationGenerator
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SimulationGenerator(int seed)
    {
        var x = unchecked((ulong)(uint)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x); // SplitMix64 never gives four zeros in a row, the one state xoshiro cannot leave
    }

    /// <summary>64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var s0 = _s0;
        var s1 = _s1;
        var s2 = _s2;
        var s3 = _s3;
        var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>); 0 when it is 0 or less.</summary>
    /// <remarks>Lemire's multiply-and-shift with rejection: unbiased, and almost never more than one draw.</remarks>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 1)
        {
            return 0;
        }

        var range = (uint)maxExclusive;
        var product = (NextUInt64() >> 32) * range;
        if ((uint)product < range)
        {
            var threshold = (uint)-range % range;
            while ((uint)product < threshold)
            {
                product = (NextUInt64() >> 32) * range;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>A uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public long NextInt64(long minInclusive, long maxExclusive)
    {
        var range = (ulong)(maxExclusive - minInclusive);
        if (maxExclusive <= minInclusive || range <= 1)
        {
            return minInclusive;
        }

        // Rejection on the top multiple of the range: unbiased, and almost never more than one draw.
        var limit = ulong.MaxValue - (((ulong.MaxValue % range) + 1) % range);
        ulong draw;
        do
        {
            draw = NextUInt64();
        }
        while (draw > limit);
        return minInclusive + (long)(draw % range);
    }

    /// <summary>A non-negative 63-bit integer.</summary>
    public long NextInt64() => (long)(NextUInt64() >> 1);

    /// <summary>A uniform double in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// A <see cref="Random"/> whose every draw comes from a simulation's generator, for components that take a
/// <see cref="Random"/> (the simulated network): they and the hub then draw from one sequence, so one seed fixes both.
/// Made from a seed instead, it is a stream of its own: each fault draws from one (<see cref="Simulation.FaultRandom"/>).
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A reproducible simulation, not security.")]
internal sealed class SimulationRandom : Random
{
    private readonly Simulation? _simulation;
    private SimulationGenerator _own;

    /// <summary>Draws from <paramref name="simulation"/>'s generator, in the one sequence the hub draws from.</summary>
    public SimulationRandom(Simulation simulation) => _simulation = simulation;

    /// <summary>Draws from a generator of its own, seeded with <paramref name="seed"/>.</summary>
    public SimulationRandom(int seed) => _own = new SimulationGenerator(seed);

    private ref SimulationGenerator Generator => ref _simulation is null ? ref _own : ref _simulation.Generator;

    public override int Next() => (int)(Generator.NextUInt64() >> 33);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return Generator.Next(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)Generator.NextInt64(minValue, maxValue);
    }

    public override long NextInt64() => Generator.NextInt64();

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return Generator.NextInt64(0, maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return Generator.NextInt64(minValue, maxValue);
    }

    public override double NextDouble() => Generator.NextDouble();

    public override float NextSingle() => (Generator.NextUInt64() >> 40) * (1.0f / (1U << 24));

    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    public override void NextBytes(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)(Generator.NextUInt64() >> 56);
        }
    }

    protected override double Sample() => Generator.NextDouble();
}

using System.Globalization;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Tests.TestSupport;

/// <summary>
/// Schedules for tests, chosen by the job's schedule text, so tests need neither Cronos nor the real parser:
/// <c>every 10s</c>, <c>every 250ms</c>, <c>every 60s+7ms</c> (offset from the epoch), <c>stuck</c> (answers its
/// argument), <c>backwards</c> (answers a second before it), <c>never</c>, <c>good-then-stuck</c>, <c>explode</c>
/// (cannot be built).
/// Counts every <see cref="IFireSchedule.NextAfter"/> call.
/// </summary>
internal sealed class TestSchedules
{
    private long _calls;

    public long NextAfterCalls => Interlocked.Read(ref _calls);

    public IFireSchedule For(JobDefinition job) => new Counting(this, Parse(job.Schedule));

    private static IFireSchedule Parse(string text)
    {
        switch (text)
        {
            case "stuck":
                return new Fixed(after => after);
            case "backwards":
                return new Fixed(after => after - TimeSpan.FromSeconds(1));
            case "never":
                return new Fixed(_ => null);
            case "explode":
                throw new InvalidOperationException("this schedule cannot be built");
            case "good-then-stuck":
                return new GoodThenStuck(new Every(TimeSpan.FromSeconds(10), TimeSpan.Zero));
        }

        if (!text.StartsWith("every ", StringComparison.Ordinal))
        {
            throw new ArgumentException($"unknown test schedule {text}", nameof(text));
        }

        var spec = text["every ".Length..].Split('+');
        return new Every(ParseSpan(spec[0]), spec.Length > 1 ? ParseSpan(spec[1]) : TimeSpan.Zero);
    }

    private static TimeSpan ParseSpan(string text) =>
        text.EndsWith("ms", StringComparison.Ordinal)
            ? TimeSpan.FromMilliseconds(int.Parse(text[..^2], CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(int.Parse(text[..^1], CultureInfo.InvariantCulture));

    /// <summary>Every <c>period</c>, anchored at the Unix epoch plus <c>offset</c>, like <c>@every</c>.</summary>
    internal sealed class Every(TimeSpan period, TimeSpan offset) : IFireSchedule
    {
        public DateTimeOffset? NextAfter(DateTimeOffset after)
        {
            var anchor = DateTimeOffset.UnixEpoch + offset;
            var periods = (after - anchor).Ticks / period.Ticks;
            var next = anchor + (period * periods);
            while (next <= after)
            {
                next += period;
            }

            return next;
        }
    }

    private sealed class Fixed(Func<DateTimeOffset, DateTimeOffset?> next) : IFireSchedule
    {
        public DateTimeOffset? NextAfter(DateTimeOffset after) => next(after);
    }

    private sealed class GoodThenStuck(IFireSchedule good) : IFireSchedule
    {
        private int _calls;

        public DateTimeOffset? NextAfter(DateTimeOffset after) => ++_calls == 1 ? good.NextAfter(after) : after;
    }

    private sealed class Counting(TestSchedules owner, IFireSchedule inner) : IFireSchedule
    {
        public DateTimeOffset? NextAfter(DateTimeOffset after)
        {
            Interlocked.Increment(ref owner._calls);
            return inner.NextAfter(after);
        }
    }
}

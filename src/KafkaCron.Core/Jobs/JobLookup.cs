using System.Diagnostics.CodeAnalysis;
using KafkaCron.Core.Text;

namespace KafkaCron.Core.Jobs;

/// <summary>Finds a job of a job file by the name an operator typed, with a "did you mean" when it is a near miss.</summary>
public static class JobLookup
{
    /// <param name="problem">One line naming the job that is not there, and the likely one meant.</param>
    public static bool TryFind(JobFile file, string name, string path, [NotNullWhen(true)] out JobDefinition? job, [NotNullWhen(false)] out string? problem)
    {
        job = file.Jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.Ordinal));
        if (job is not null)
        {
            problem = null;
            return true;
        }

        var closest = Suggestions.Closest(name, file.Jobs.Select(j => j.Name));
        problem = $"{path} has no job {Quote.Of(name)}" + (closest is null ? string.Empty : $" (did you mean '{closest}'?)");
        return false;
    }
}

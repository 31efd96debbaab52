namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// The stack a matrix drill runs on: a fresh <see cref="ChaosStack"/>, or, when chaos/matrix.sh was given
/// <c>--compose FILE</c> (it sets <c>KCRON_CHAOS_COMPOSE</c> and <c>KCRON_CHAOS_JOBS</c>), the running compose stack.
/// </summary>
internal static class ChaosStacks
{
    public static async Task<IChaosStack> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("KCRON_CHAOS_COMPOSE") is { Length: > 0 } composeFile)
        {
            var jobs = Environment.GetEnvironmentVariable("KCRON_CHAOS_JOBS");
            if (string.IsNullOrEmpty(jobs))
            {
                throw new InvalidOperationException("KCRON_CHAOS_JOBS must name the host side of the compose schedulers' job file");
            }

            var stack = new ComposeChaosStack(composeFile, jobs, ComposeEndpoints.MultiBroker);
            try
            {
                await stack.AttachAsync();
            }
            catch
            {
                await stack.DisposeAsync();
                throw;
            }

            return stack;
        }

        Skip.If(ChaosStack.Unavailable is not null, ChaosStack.Unavailable);
        return await ChaosStack.StartAsync();
    }
}

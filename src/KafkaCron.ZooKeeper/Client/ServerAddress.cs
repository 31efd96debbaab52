using System.Globalization;

namespace KafkaCron.ZooKeeper.Client;

internal sealed record ServerAddress(string Host, int Port)
{
    public const int DefaultPort = 2181;

    /// <summary>
    /// Parses <c>host[:port][,host[:port]...]</c>; IPv6 hosts in brackets. A chroot suffix (<c>/path</c>) is
    /// refused: KafkaCron puts its own root path in the election options instead.
    /// </summary>
    public static IReadOnlyList<ServerAddress> ParseList(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("the ZooKeeper connection string is empty");
        }

        if (connectionString.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"the ZooKeeper connection string '{connectionString}' has a chroot path; list only host:port pairs");
        }

        return connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => Parse(entry, connectionString))
            .Distinct()
            .ToList();
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    private static ServerAddress Parse(string entry, string connectionString)
    {
        string host;
        string? port = null;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{entry}' in '{connectionString}' has no closing ']'");
            }

            host = entry[1..close];
            var rest = entry[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? rest[1..] : throw new FormatException($"'{entry}' in '{connectionString}' is not [host]:port");
            }
        }
        else
        {
            var colon = entry.LastIndexOf(':');
            host = colon < 0 ? entry : entry[..colon];
            port = colon < 0 ? null : entry[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new FormatException($"'{entry}' in '{connectionString}' has no host");
        }

        if (port is null)
        {
            return new ServerAddress(host, DefaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? new ServerAddress(host, number)
            : throw new FormatException($"'{port}' in '{connectionString}' is not a TCP port");
    }
}

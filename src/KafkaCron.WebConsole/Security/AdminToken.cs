using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace KafkaCron.WebConsole.Security;

/// <summary>
/// The admin token every action needs, read once at start from the token file's first line. Comparison takes the
/// same time whatever the guess (hashes compared with <see cref="CryptographicOperations.FixedTimeEquals"/>), so
/// timing tells an attacker nothing about the token's prefix or length.
/// </summary>
internal sealed class AdminToken
{
    /// <summary>Shorter tokens can be guessed; 16 characters is the floor, <c>openssl rand -hex 32</c> the advice.</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _hash;

    private AdminToken(string token) => _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));

    public static bool TryRead(string path, [NotNullWhen(true)] out AdminToken? token, [NotNullWhen(false)] out string? error)
    {
        token = null;
        string text;
        try
        {
            if (!File.Exists(path))
            {
                error = $"{path}: no such file";
                return false;
            }

            text = File.ReadLines(path).FirstOrDefault()?.Trim() ?? string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: cannot read the token file: {ex.Message}";
            return false;
        }

        if (text.Length < MinimumLength)
        {
            error = $"{path}: the token on its first line has {text.Length} characters; use at least {MinimumLength} (for example: openssl rand -hex 32 > {path})";
            return false;
        }

        token = new AdminToken(text);
        error = null;
        return true;
    }
}

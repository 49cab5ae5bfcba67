using System.Text.RegularExpressions;

namespace Gateway.LocalCognito.Configuration;

/// <summary>
/// Checks the whole configuration at start and reports every problem at once, each naming its key,
/// so a bad config never surfaces later as a confusing token error.
/// </summary>
internal static partial class OptionsValidator
{
    private const string Section = "LocalCognito";

    // Cognito's token validity range for access and ID tokens: 5 minutes to 1 day.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
    private const int MinValiditySeconds = 300;
    private const int MaxValiditySeconds = 86400;

    public static ListenEndpoint Validate(LocalCognitoOptions options)
    {
        var errors = new List<string>();
        var listen = ValidateAddresses(options, errors);
        ValidatePool(options, errors);
        ValidateValidity(nameof(options.AccessTokenValiditySeconds), options.AccessTokenValiditySeconds, errors);
        ValidateValidity(nameof(options.IdTokenValiditySeconds), options.IdTokenValiditySeconds, errors);
        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            errors.Add($"{Section}:KeyFile is required: signing keys are persisted there");
        }

        var scopes = ValidateResourceServers(options.ResourceServers ?? [], errors);
        ValidateClients(options.Clients ?? [], scopes, errors);
        ValidateUsers(options.Users ?? [], errors);
        if (errors.Count > 0)
        {
            throw new LocalCognitoConfigurationException(errors);
        }

        return listen!;
    }

    private static ListenEndpoint? ValidateAddresses(LocalCognitoOptions options, List<string> errors)
    {
        var listen = ListenEndpoint.TryParse(options.Url, out var problem);
        if (listen is null)
        {
            errors.Add($"{Section}:Url '{options.Url}' {problem}");
        }

        if (options.PublicUrl is not null
            && (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var publicUrl)
                || (publicUrl.Scheme != Uri.UriSchemeHttp && publicUrl.Scheme != Uri.UriSchemeHttps)
                || publicUrl.Query.Length > 0))
        {
            errors.Add($"{Section}:PublicUrl '{options.PublicUrl}' must be an absolute http(s) URL without a query; it becomes the start of the issuer");
        }

        return listen;
    }

    private static void ValidatePool(LocalCognitoOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.Region) || !RegionPattern().IsMatch(options.Region))
        {
            errors.Add($"{Section}:Region '{options.Region}' must be lower-case letters, digits and '-', e.g. 'local' or 'us-east-1'");
        }

        // Cognito pool ids are "{region}_{id}"; the id ends up in the issuer and the URL paths, so no '/'.
        // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolType.html
        var poolId = options.UserPoolId;
        if (string.IsNullOrWhiteSpace(poolId) || !PoolIdPattern().IsMatch(poolId))
        {
            errors.Add($"{Section}:UserPoolId '{poolId}' must look like '{{Region}}_{{id}}' (letters, digits, '_' or '-'), e.g. 'local_demo'");
        }
        else if (!string.IsNullOrWhiteSpace(options.Region) && !poolId.StartsWith(options.Region + "_", StringComparison.Ordinal))
        {
            errors.Add($"{Section}:UserPoolId '{poolId}' must start with the region '{options.Region}_' as Cognito pool ids do (or change {Section}:Region)");
        }
    }

    private static void ValidateValidity(string key, int seconds, List<string> errors)
    {
        if (seconds is < MinValiditySeconds or > MaxValiditySeconds)
        {
            errors.Add($"{Section}:{key} is {seconds}; it must be between {MinValiditySeconds} and {MaxValiditySeconds} seconds (5 minutes to 1 day, as in Cognito)");
        }
    }

    private static HashSet<string> ValidateResourceServers(List<LocalCognitoResourceServer> servers, List<string> errors)
    {
        var fullScopes = new HashSet<string>(StringComparer.Ordinal);
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            var key = $"{Section}:ResourceServers[{i}]";
            var identifier = servers[i].Identifier;
            if (string.IsNullOrWhiteSpace(identifier) || identifier.Any(char.IsWhiteSpace))
            {
                errors.Add($"{key}:Identifier is required and must not contain spaces");
                continue;
            }

            if (!identifiers.Add(identifier))
            {
                errors.Add($"{key}:Identifier '{identifier}' is used by another resource server");
            }

            var names = servers[i].Scopes ?? [];
            for (var j = 0; j < names.Count; j++)
            {
                if (string.IsNullOrWhiteSpace(names[j]) || names[j].Any(char.IsWhiteSpace) || names[j].Contains('/'))
                {
                    errors.Add($"{key}:Scopes[{j}] '{names[j]}' must be a non-empty name without spaces or '/'");
                }
                else if (!fullScopes.Add($"{identifier}/{names[j]}"))
                {
                    errors.Add($"{key}:Scopes[{j}] '{names[j]}' is listed twice");
                }
            }
        }

        return fullScopes;
    }

    private static void ValidateClients(List<LocalCognitoClient> clients, HashSet<string> scopes, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var key = $"{Section}:Clients[{i}]";
            if (string.IsNullOrWhiteSpace(client.ClientId) || client.ClientId.Contains(':'))
            {
                errors.Add($"{key}:ClientId is required and must not contain ':' (it is sent in HTTP Basic authentication)");
            }
            else if (!ids.Add(client.ClientId))
            {
                errors.Add($"{key}:ClientId '{client.ClientId}' is used by another client");
            }

            if (client.AllowClientCredentials && string.IsNullOrEmpty(client.ClientSecret))
            {
                errors.Add($"{key}:ClientSecret is required: client_credentials needs a client secret");
            }

            var allowed = client.AllowedScopes ?? [];
            for (var j = 0; j < allowed.Count; j++)
            {
                if (!scopes.Contains(allowed[j] ?? ""))
                {
                    errors.Add($"{key}:AllowedScopes[{j}] '{allowed[j]}' is not defined by any resource server (expected '{{Identifier}}/{{scope}}')");
                }
            }
        }
    }

    private static void ValidateUsers(List<LocalCognitoUser> users, List<string> errors)
    {
        // Cognito user names are case-insensitive by default, so "Alice" and "alice" would collide.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < users.Count; i++)
        {
            var key = $"{Section}:Users[{i}]";
            if (string.IsNullOrWhiteSpace(users[i].Username))
            {
                errors.Add($"{key}:Username is required");
            }
            else if (!names.Add(users[i].Username))
            {
                errors.Add($"{key}:Username '{users[i].Username}' is used by another user");
            }

            if (string.IsNullOrEmpty(users[i].Password))
            {
                errors.Add($"{key}:Password is required");
            }

            if (users[i].Sub is { } sub && string.IsNullOrWhiteSpace(sub))
            {
                errors.Add($"{key}:Sub must not be blank; leave it out to derive a stable one from the username");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[\w-]+_[\w-]+$")]
    private static partial Regex PoolIdPattern();
}

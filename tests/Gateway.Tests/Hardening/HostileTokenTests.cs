using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace Gateway.Tests.Hardening;

/// <summary>
/// The default gateway (GET /orders/* needs orders/read), a second pool published by the same issuer but not
/// configured in the gateway, attacker keys, and a server that counts the requests the gateway would make to
/// jku/x5u URLs (there must be none).
/// </summary>
public sealed class HostileTokenFixture : IAsyncLifetime
{
    public GatewayScenario Scenario { get; } = new();

    public GatewayHost Gateway { get; private set; } = null!;

    public EchoBackend Backend => Scenario.Backend;

    public TestIssuer.Pool Pool => Scenario.Pool;

    /// <summary>Published by the same issuer, but no authorizer lists it.</summary>
    public TestIssuer.Pool OtherPool { get; private set; } = null!;

    /// <summary>Where jku/x5u point: every request it receives is an outbound fetch the gateway must not make.</summary>
    public EchoBackend KeyServer { get; private set; } = null!;

    public RsaSecurityKey AttackerKey { get; } = TestIssuer.Pool.NewKey("attacker-" + Guid.NewGuid().ToString("N"));

    public string Kid => Pool.ActiveKey.KeyId;

    public async Task InitializeAsync()
    {
        await Scenario.InitializeAsync();
        OtherPool = Scenario.Issuer.AddPool("local_pool2");
        KeyServer = await EchoBackend.StartAsync();
        Gateway = await Scenario.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await KeyServer.DisposeAsync();
        await Scenario.DisposeAsync();
    }

    /// <summary>A valid access token's claims (orders/read, one hour), as JSON to edit.</summary>
    public JsonObject Claims(string scope = "orders/read") =>
        JsonNode.Parse(Tokens.PayloadJson(Tokens.AccessClaims(Pool.Issuer, GatewayScenario.ClientId, scope)))!.AsObject();

    public string Payload(Action<JsonObject>? edit = null)
    {
        var claims = Claims();
        edit?.Invoke(claims);
        return claims.ToJsonString();
    }

    /// <summary>The header the pool signs with, {alg: RS256, kid, typ: JWT}, to edit.</summary>
    public string Header(Action<JsonObject>? edit = null)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = Kid, ["typ"] = "JWT" };
        edit?.Invoke(header);
        return header.ToJsonString();
    }

    /// <summary>Signed by the pool's own published key: only the property under test is wrong.</summary>
    public string PoolSigned(string headerJson, string payloadJson) => Jws.Sign(headerJson, payloadJson, Pool.ActiveKey);

    public string Valid(string scope = "orders/read") => Tokens.Access(Pool, GatewayScenario.ClientId, scope);

    /// <summary>The claims of a valid token signed by a key the pool never published, under the pool's kid.</summary>
    public string Forged(Action<JsonObject>? edit = null) =>
        Jws.Sign(Header(), Payload(edit), TestIssuer.Pool.NewKey(Kid));

    public JsonObject AttackerJwk()
    {
        var p = AttackerKey.Rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = AttackerKey.KeyId,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
    }

    /// <summary>A self-signed certificate for the attacker key, base64 DER as x5c wants it.</summary>
    public string AttackerCertificate()
    {
        var request = new CertificateRequest("CN=attacker", AttackerKey.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(cert.Export(X509ContentType.Cert));
    }

    public string KeyServerUrl(string path) => new Uri(KeyServer.BaseAddress, path).ToString();
}

/// <summary>
/// Issue 5, "Hostile tokens": a corpus of tokens and Authorization headers, each refused with API Gateway's exact
/// 401 (the expired one with its own message), never a 500 and never forwarded; no key is ever fetched from a
/// URL a token names. Where a token could carry a valid signature, it does (signed by the pool's published key),
/// so it is refused for the property under test and not merely for its signature. The reason logged for each
/// case is pinned: it is what an operator sees.
/// </summary>
public sealed class HostileTokenTests : IClassFixture<HostileTokenFixture>
{
    private readonly HostileTokenFixture _f;
    private readonly ITestOutputHelper _output;

    public HostileTokenTests(HostileTokenFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _output = output;
    }

    internal enum Expect
    {
        /// <summary>401 {"message":"Unauthorized"} in API Gateway's exact shape.</summary>
        Unauthorized,

        /// <summary>401 {"message":"The incoming token has expired"}.</summary>
        Expired,

        /// <summary>Larger than Kestrel's header limit: 431 from Kestrel, or the exact 401.</summary>
        TooLargeOrUnauthorized,

        /// <summary>A header value HTTP forbids: Kestrel answers 400 before the gateway runs (no x-amzn-RequestId).</summary>
        KestrelBadRequest,
    }

    /// <summary>
    /// One hostile request: the Authorization header value(s) it carries. Raw requests are written by hand
    /// (RawHttp), for what HttpClient will not send: a header twice, control characters.
    /// </summary>
    /// <remarks>
    /// <see cref="Finding"/> marks a case the gateway gets wrong today (it is forwarded): the test fails with that
    /// text until src/ is fixed; then drop the mark.
    /// </remarks>
    internal sealed record HostileCase(string Name, Func<HostileTokenFixture, string[]> Authorization, Expect Expect, string? Reason, bool Raw = false, string? Finding = null);




    private static HostileCase Bearer(string name, Func<HostileTokenFixture, string> token, string? reason, Expect expect = Expect.Unauthorized, string? finding = null) =>
        new(name, f => new[] { "Bearer " + token(f) }, expect, reason, Finding: finding);

    private static HostileCase Header(string name, Func<HostileTokenFixture, string> value, string reason) =>
        new(name, f => new[] { value(f) }, Expect.Unauthorized, reason);

    private static HostileCase Raw(string name, Func<HostileTokenFixture, string[]> values, string? reason, Expect expect = Expect.Unauthorized) =>
        new(name, values, expect, reason, Raw: true);

    private static string[] Parts(string token) => token.Split('.');

    private static readonly HostileCase[] Corpus =
    {
        // --- Algorithm ---------------------------------------------------------------------------------------
        Bearer("alg_none_without_signature", f => Tokens.Raw(f.Header(h => h["alg"] = "none"), f.Payload()), "bad_signature"),
        Bearer("alg_none_with_rs256_signature", f =>
        {
            // The segments signed by the pool's key with RS256, but the header says none.
            var header = Jws.Segment(f.Header(h => h["alg"] = "none"));
            var payload = Jws.Segment(f.Payload());
            return $"{header}.{payload}.{Jws.Signature(header, payload, f.Pool.ActiveKey)}";
        }, "bad_signature"),
        Bearer("alg_NoNe_mixed_case", f => Tokens.Raw(f.Header(h => h["alg"] = "NoNe"), f.Payload()), "bad_signature"),
        Bearer("alg_missing", f => f.PoolSigned(f.Header(h => h.Remove("alg")), f.Payload()), "bad_signature"),
        Bearer("alg_empty", f => f.PoolSigned(f.Header(h => h["alg"] = ""), f.Payload()), "bad_signature"),
        Bearer("alg_as_array", f => f.PoolSigned(f.Header(h => h["alg"] = new JsonArray("RS256")), f.Payload()), "malformed"),
        Bearer("hs256_secret_public_key_spki_pem", f => Jws.Sign(f.Header(h => h["alg"] = "HS256"), f.Payload(),
            new SymmetricSecurityKey(Encoding.ASCII.GetBytes(f.Pool.ActiveKey.Rsa.ExportSubjectPublicKeyInfoPem())), "HS256"), "bad_signature"),
        Bearer("hs256_secret_public_key_pkcs1_pem", f => Jws.Sign(f.Header(h => h["alg"] = "HS256"), f.Payload(),
            new SymmetricSecurityKey(Encoding.ASCII.GetBytes(f.Pool.ActiveKey.Rsa.ExportRSAPublicKeyPem())), "HS256"), "bad_signature"),
        Bearer("hs256_secret_modulus_bytes", f => Jws.Sign(f.Header(h => h["alg"] = "HS256"), f.Payload(),
            new SymmetricSecurityKey(f.Pool.ActiveKey.Rsa.ExportParameters(false).Modulus!), "HS256"), "bad_signature"),
        Bearer("hs256_secret_modulus_and_exponent_bytes", f =>
        {
            var p = f.Pool.ActiveKey.Rsa.ExportParameters(false);
            return Jws.Sign(f.Header(h => h["alg"] = "HS256"), f.Payload(), new SymmetricSecurityKey(p.Modulus!.Concat(p.Exponent!).ToArray()), "HS256");
        }, "bad_signature"),
        Bearer("hs256_secret_public_key_der", f => Jws.Sign(f.Header(h => h["alg"] = "HS256"), f.Payload(),
            new SymmetricSecurityKey(f.Pool.ActiveKey.Rsa.ExportSubjectPublicKeyInfo()), "HS256"), "bad_signature"),
        Bearer("rs384_with_pool_key", f => Jws.Sign(f.Header(h => h["alg"] = "RS384"), f.Payload(), f.Pool.ActiveKey, "RS384"), "bad_signature"),
        Bearer("rs512_with_pool_key", f => Jws.Sign(f.Header(h => h["alg"] = "RS512"), f.Payload(), f.Pool.ActiveKey, "RS512"), "bad_signature"),
        Bearer("ps256_with_pool_key", f => Jws.Sign(f.Header(h => h["alg"] = "PS256"), f.Payload(), f.Pool.ActiveKey, "PS256"), "bad_signature"),
        Bearer("es256_ec_key_under_pool_kid", f => Jws.Sign(f.Header(h => h["alg"] = "ES256"), f.Payload(),
            new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = f.Kid }, "ES256"), "bad_signature"),
        Bearer("es256_ec_key_under_own_kid", f => Jws.Sign(f.Header(h => { h["alg"] = "ES256"; h["kid"] = "ec-attacker"; }), f.Payload(),
            new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec-attacker" }, "ES256"), "unknown_kid"),

        // --- kid ---------------------------------------------------------------------------------------------
        Bearer("kid_missing_signed_by_pool_key", f => f.PoolSigned(f.Header(h => h.Remove("kid")), f.Payload()), "unknown_kid"),
        Bearer("kid_unknown_signed_by_attacker", f => Jws.Sign(f.Header(h => h["kid"] = f.AttackerKey.KeyId), f.Payload(), f.AttackerKey), "unknown_kid"),
        Bearer("kid_path_traversal", f => f.PoolSigned(f.Header(h => h["kid"] = "../../../../../../etc/passwd"), f.Payload()), "unknown_kid"),
        Bearer("kid_sql_injection", f => f.PoolSigned(f.Header(h => h["kid"] = "' OR 1=1 --"), f.Payload()), "unknown_kid"),
        Bearer("kid_empty", f => f.PoolSigned(f.Header(h => h["kid"] = ""), f.Payload()), "unknown_kid"),
        Bearer("kid_number", f => f.PoolSigned(f.Header(h => h["kid"] = 1), f.Payload()), "malformed"),
        Bearer("kid_null", f => f.PoolSigned(f.Header(h => h["kid"] = null), f.Payload()), "unknown_kid"),
        Bearer("kid_array_of_pool_kid", f => f.PoolSigned(f.Header(h => h["kid"] = new JsonArray(f.Kid)), f.Payload()), "malformed"),
        Bearer("kid_pool_kid_upper_case", f => f.PoolSigned(f.Header(h => h["kid"] = f.Kid.ToUpperInvariant()), f.Payload()), "unknown_kid"),
        Bearer("kid_pool_kid_with_nul", f => f.PoolSigned(f.Header(h => h["kid"] = f.Kid + "\u0000"), f.Payload()), "unknown_kid"),

        // --- Keys named by the token: never fetched, never trusted -----------------------------------------
        Bearer("jku_attacker_url_attacker_kid", f => Jws.Sign(
            f.Header(h => { h["kid"] = f.AttackerKey.KeyId; h["jku"] = f.KeyServerUrl("jwks.json"); }), f.Payload(), f.AttackerKey), "unknown_kid"),
        Bearer("jku_attacker_url_pool_kid", f => Jws.Sign(
            f.Header(h => h["jku"] = f.KeyServerUrl("jwks.json")), f.Payload(), TestIssuer.Pool.NewKey(f.Kid)), "bad_signature"),
        Bearer("x5u_attacker_url_attacker_kid", f => Jws.Sign(
            f.Header(h => { h["kid"] = f.AttackerKey.KeyId; h["x5u"] = f.KeyServerUrl("cert.pem"); }), f.Payload(), f.AttackerKey), "unknown_kid"),
        Bearer("x5u_attacker_url_no_kid", f => Jws.Sign(
            f.Header(h => { h.Remove("kid"); h["x5u"] = f.KeyServerUrl("cert.pem"); }), f.Payload(), f.AttackerKey), "unknown_kid"),
        Bearer("jwk_embedded_attacker_key_attacker_kid", f => Jws.Sign(
            f.Header(h => { h["kid"] = f.AttackerKey.KeyId; h["jwk"] = f.AttackerJwk(); }), f.Payload(), f.AttackerKey), "unknown_kid"),
        Bearer("jwk_embedded_attacker_key_pool_kid", f => Jws.Sign(
            f.Header(h => h["jwk"] = f.AttackerJwk()), f.Payload(), f.AttackerKey), "bad_signature"),
        Bearer("jwk_embedded_attacker_key_no_kid", f => Jws.Sign(
            f.Header(h => { h.Remove("kid"); h["jwk"] = f.AttackerJwk(); }), f.Payload(), f.AttackerKey), "unknown_kid"),
        Bearer("x5c_attacker_certificate_attacker_kid", f => Jws.Sign(
            f.Header(h => { h["kid"] = f.AttackerKey.KeyId; h["x5c"] = new JsonArray(f.AttackerCertificate()); }), f.Payload(), f.AttackerKey), "unknown_kid"),
        Bearer("x5c_attacker_certificate_pool_kid", f => Jws.Sign(
            f.Header(h => h["x5c"] = new JsonArray(f.AttackerCertificate())), f.Payload(), f.AttackerKey), "bad_signature"),

        // --- crit ------------------------------------------------------------------------------------------
        Bearer("crit_unknown_extension", f => f.PoolSigned(f.Header(h => { h["crit"] = new JsonArray("exp2"); h["exp2"] = 1; }), f.Payload()), "malformed"),
        Bearer("crit_b64_false_unencoded_payload", f => f.PoolSigned(f.Header(h => { h["crit"] = new JsonArray("b64"); h["b64"] = false; }), f.Payload()), "malformed"),

        // --- Signature tampering -------------------------------------------------------------------------------
        Bearer("payload_swapped_under_original_signature", f =>
        {
            var p = Parts(f.Valid("orders/write"));
            return $"{p[0]}.{Jws.Segment(f.Payload(c => c["scope"] = "orders/read orders/admin"))}.{p[2]}";
        }, "bad_signature"),
        Bearer("payload_of_another_valid_token", f =>
        {
            var a = Parts(f.Valid("orders/write"));
            var b = Parts(f.Valid("orders/read"));
            return $"{a[0]}.{b[1]}.{a[2]}";
        }, "bad_signature"),
        Bearer("signature_of_another_valid_token", f =>
        {
            var a = Parts(f.Valid("orders/read"));
            var b = Parts(f.Valid("orders/write"));
            return $"{a[0]}.{a[1]}.{b[2]}";
        }, "bad_signature"),
        Bearer("signature_truncated_by_4", f => f.Valid()[..^4], "bad_signature"),
        Bearer("signature_truncated_by_1", f => f.Valid()[..^1], "bad_signature"),
        Bearer("signature_stripped_trailing_dot", f => { var p = Parts(f.Valid()); return $"{p[0]}.{p[1]}."; }, "bad_signature"),
        Bearer("signature_all_zero_bytes", f => { var p = Parts(f.Valid()); return $"{p[0]}.{p[1]}.{Jws.Segment(new byte[256])}"; }, "bad_signature"),
        Bearer("signature_one_bit_flipped", f =>
        {
            var p = Parts(f.Valid());
            var sig = Base64UrlEncoder.DecodeBytes(p[2]);
            sig[100] ^= 1;
            return $"{p[0]}.{p[1]}.{Jws.Segment(sig)}";
        }, "bad_signature"),
        Bearer("signature_with_extra_bytes", f =>
        {
            var p = Parts(f.Valid());
            return $"{p[0]}.{p[1]}.{Jws.Segment(Base64UrlEncoder.DecodeBytes(p[2]).Concat(new byte[] { 0 }).ToArray())}";
        }, "bad_signature"),

        // --- Number of parts ---------------------------------------------------------------------------------
        Bearer("one_part", f => Parts(f.Valid())[0], "malformed"),
        Bearer("two_parts", f => { var p = Parts(f.Valid()); return $"{p[0]}.{p[1]}"; }, "malformed"),
        Bearer("four_parts_valid_token_plus_segment", f => f.Valid() + ".AAAA", "malformed"),
        Bearer("four_parts_valid_token_plus_dot", f => f.Valid() + ".", "malformed"),
        Bearer("five_parts_jwe_shaped", f =>
            $"{Jws.Segment(f.Header(h => { h["alg"] = "RSA-OAEP"; h["enc"] = "A256GCM"; }))}.{Jws.Segment(new byte[256])}.{Jws.Segment(new byte[12])}.{Jws.Segment(f.Payload())}.{Jws.Segment(new byte[16])}",
            "malformed"),
        Bearer("five_parts_jwe_dir_with_valid_token_segments", f =>
        {
            var p = Parts(f.Valid());
            return $"{Jws.Segment(f.Header(h => { h["alg"] = "dir"; h["enc"] = "A128CBC-HS256"; }))}..{p[1]}.{p[2]}.AAAA";
        }, "malformed"),
        Bearer("only_dots", _ => "..", "malformed"),

        // --- Encoding -------------------------------------------------------------------------------------------
        Bearer("header_invalid_base64url_char", f => { var p = Parts(f.Valid()); return $"{p[0][..10]}*{p[0][11..]}.{p[1]}.{p[2]}"; }, "malformed"),
        Bearer("payload_invalid_base64url_char", f => { var p = Parts(f.Valid()); return $"{p[0]}.{p[1][..10]}!{p[1][11..]}.{p[2]}"; }, "malformed"),
        Bearer("signature_standard_base64_plus_slash", f =>
        {
            // A signature re-encoded in standard base64 (+, /, = padding) instead of base64url.
            string token;
            string sig;
            do
            {
                var p = Parts(f.Valid());
                sig = Convert.ToBase64String(Base64UrlEncoder.DecodeBytes(p[2]));
                token = $"{p[0]}.{p[1]}.{sig}";
            }
            while (!sig.Contains('+') && !sig.Contains('/'));
            return token;
        }, "malformed"),
        Bearer("padding_on_header_and_payload_pool_signed", f =>
        {
            // '=' padding on the segments (JSON lengthened by spaces until it needs some), signed as padded.
            static string Padded(string json)
            {
                while (Encoding.UTF8.GetByteCount(json) % 3 == 0)
                {
                    json += " ";
                }

                return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_');
            }

            return Jws.SignSegments(Padded(f.Header()), Padded(f.Payload()), f.Pool.ActiveKey);
        }, "malformed"),
        Bearer("padding_on_signature", f => f.Valid() + "==", "malformed"),

        // --- JSON shape ------------------------------------------------------------------------------------------
        Bearer("header_not_json", f => f.PoolSigned("alg=RS256;kid=" + f.Kid, f.Payload()), "malformed"),
        Bearer("payload_not_json", f => f.PoolSigned(f.Header(), "iss=" + f.Pool.Issuer + "&token_use=access"), "malformed"),
        Bearer("header_json_array", f => f.PoolSigned($"[{f.Header()}]", f.Payload()), "malformed"),
        Bearer("header_json_string", f => f.PoolSigned("\"RS256\"", f.Payload()), "malformed"),
        Bearer("payload_json_array", f => f.PoolSigned(f.Header(), $"[{f.Payload()}]"), "malformed"),
        Bearer("payload_json_number", f => f.PoolSigned(f.Header(), "42"), "malformed"),
        Bearer("payload_json_string", f => f.PoolSigned(f.Header(), "\"" + f.Pool.Issuer + "\""), "malformed"),
        Bearer("payload_json_null", f => f.PoolSigned(f.Header(), "null"), "malformed"),
        Bearer("payload_truncated_json", f => f.PoolSigned(f.Header(), f.Payload()[..^1]), "malformed"),
        Bearer("payload_trailing_second_object", f => f.PoolSigned(f.Header(), f.Payload() + "{\"scope\":\"orders/admin\"}"), null,
            finding: "text after the payload's JSON object is ignored: the token is accepted with the first object's claims"),
        Bearer("payload_invalid_utf8_in_string", f =>
        {
            var json = Encoding.UTF8.GetBytes(f.Payload());
            var at = Encoding.UTF8.GetBytes(f.Payload()).AsSpan().IndexOf("\"sub\":\""u8) + 7;
            json[at] = 0xC0;
            json[at + 1] = 0xAF;
            return Jws.SignSegments(Jws.Segment(f.Header()), Jws.Segment(json), f.Pool.ActiveKey);
        }, "malformed"),
        Bearer("payload_invalid_utf8_lone_continuation_in_issuer", f =>
        {
            var json = Encoding.UTF8.GetBytes(f.Payload()).ToList();
            var text = Encoding.UTF8.GetString(json.ToArray());
            var at = Encoding.UTF8.GetByteCount(text[..(text.IndexOf("\"iss\":\"", StringComparison.Ordinal) + 7)]);
            json.Insert(at, 0xFF);
            return Jws.SignSegments(Jws.Segment(f.Header()), Jws.Segment(json.ToArray()), f.Pool.ActiveKey);
        }, "malformed"),
        Bearer("header_invalid_utf8", f =>
        {
            var json = Encoding.UTF8.GetBytes(f.Header(h => h["typ"] = "JWT#")).ToList();
            json[json.IndexOf((byte)'#')] = 0xFE;
            return Jws.SignSegments(Jws.Segment(json.ToArray()), Jws.Segment(f.Payload()), f.Pool.ActiveKey);
        }, "malformed"),

        // --- Claims of the wrong type, each signed by the pool's key ------------------------------------------
        Bearer("exp_as_string", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = c["exp"]!.ToString())), null,
            finding: "exp as a JSON string of digits is read as a number (RFC 7519: NumericDate is a JSON number; aws-jwt-verify checks the type)"),
        Bearer("exp_as_bool", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = true)), "malformed"),
        Bearer("exp_as_null", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = null)), "malformed"),
        Bearer("exp_as_object", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = new JsonObject { ["v"] = 9999999999 })), "malformed"),
        Bearer("exp_as_array", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = new JsonArray(9999999999))), "malformed"),
        Bearer("exp_negative", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = -1)), "expired", Expect.Expired),
        Bearer("exp_beyond_year_9999", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = 1e20)), "malformed"),
        Bearer("exp_1e300", f => f.PoolSigned(f.Header(), f.Payload(c => c["exp"] = 1e300)), "malformed"),
        Bearer("exp_missing", f => f.PoolSigned(f.Header(), f.Payload(c => c.Remove("exp"))), "missing_exp"),
        Bearer("nbf_in_future", f => f.PoolSigned(f.Header(), f.Payload(c => c["nbf"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds())), "not_yet_valid"),
        Bearer("nbf_as_string", f => f.PoolSigned(f.Header(), f.Payload(c => c["nbf"] = "0")), null,
            finding: "nbf as a JSON string of digits is read as a number (RFC 7519: NumericDate is a JSON number)"),
        Bearer("scope_as_array", f => f.PoolSigned(f.Header(), f.Payload(c => c["scope"] = new JsonArray("orders/read"))), "malformed"),
        Bearer("scope_as_number", f => f.PoolSigned(f.Header(), f.Payload(c => c["scope"] = 1)), "malformed"),
        Bearer("token_use_as_number", f => f.PoolSigned(f.Header(), f.Payload(c => c["token_use"] = 1)), "wrong_token_use"),
        Bearer("token_use_as_array", f => f.PoolSigned(f.Header(), f.Payload(c => c["token_use"] = new JsonArray("access"))), "wrong_token_use"),
        Bearer("token_use_missing", f => f.PoolSigned(f.Header(), f.Payload(c => c.Remove("token_use"))), "wrong_token_use"),
        Bearer("iss_as_array", f => f.PoolSigned(f.Header(), f.Payload(c => c["iss"] = new JsonArray(f.Pool.Issuer))), "malformed"),
        Bearer("iss_as_number", f => f.PoolSigned(f.Header(), f.Payload(c => c["iss"] = 1)), "malformed"),
        Bearer("sub_as_object", f => f.PoolSigned(f.Header(), f.Payload(c => c["sub"] = new JsonObject { ["id"] = GatewayScenario.ClientId })), "malformed"),

        // --- Duplicate JSON keys: refused if either reading would be refused -----------------------------------
        Bearer("duplicate_iss_foreign_then_pool", f => f.PoolSigned(f.Header(), Duplicate(f.Payload(), "iss", "https://evil.example/pool", f.Pool.Issuer)), "malformed"),
        Bearer("duplicate_iss_pool_then_foreign", f => f.PoolSigned(f.Header(), Duplicate(f.Payload(), "iss", f.Pool.Issuer, "https://evil.example/pool")), "malformed"),
        Bearer("duplicate_token_use_id_then_access", f => f.PoolSigned(f.Header(), Duplicate(f.Payload(), "token_use", "id", "access")), "malformed"),
        Bearer("duplicate_token_use_access_then_id", f => f.PoolSigned(f.Header(), Duplicate(f.Payload(), "token_use", "access", "id")), "malformed"),
        Bearer("duplicate_scope_write_then_read", f => f.PoolSigned(f.Header(), Duplicate(f.Payload(), "scope", "orders/write", "orders/read")), "malformed"),
        Bearer("duplicate_exp_past_then_future", f => f.PoolSigned(f.Header(), Duplicate(f.Payload(), "exp",
            DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds())), "malformed"),
        Bearer("duplicate_alg_none_then_rs256", f => f.PoolSigned(Duplicate(f.Header(), "alg", "none", "RS256"), f.Payload()), "malformed"),
        Bearer("duplicate_alg_rs256_then_none", f => f.PoolSigned(Duplicate(f.Header(), "alg", "RS256", "none"), f.Payload()), "malformed"),
        Bearer("duplicate_kid_unknown_then_pool", f => f.PoolSigned(Duplicate(f.Header(), "kid", "unknown-kid", f.Kid), f.Payload()), "malformed"),

        // --- Size ----------------------------------------------------------------------------------------------
        Bearer("token_16kb_forged", f => f.Forged(c => c["pad"] = new string('a', 16 * 1024)), "bad_signature"),
        Bearer("token_16kb_junk", _ => new string('A', 8 * 1024) + "." + new string('B', 8 * 1024) + ".AAAA", "malformed"),
        Bearer("token_64kb_forged", f => f.Forged(c => c["pad"] = new string('a', 64 * 1024)), "bad_signature", Expect.TooLargeOrUnauthorized),

        // --- Authorization header forms -----------------------------------------------------------------------
        Header("scheme_basic_credentials", _ => "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:admin")), "unsupported_scheme"),
        Header("scheme_basic_with_valid_token", f => "Basic " + f.Valid(), "unsupported_scheme"),
        Header("scheme_digest", f => $"Digest username=\"{GatewayScenario.ClientId}\", realm=\"gw\", nonce=\"x\", uri=\"/orders/1\", response=\"0\"", "unsupported_scheme"),
        Header("scheme_token_with_valid_token", f => "Token " + f.Valid(), "unsupported_scheme"),
        Header("scheme_jwt_with_valid_token", f => "JWT " + f.Valid(), "unsupported_scheme"),
        Header("scheme_bearer_colon_with_valid_token", f => "Bearer: " + f.Valid(), "unsupported_scheme"),
        Header("scheme_aws_sigv4", _ => "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00", "unsupported_scheme"),
        Header("bearer_upper_case_forged_token", f => "BEARER " + f.Forged(), "bad_signature"),
        Header("bearer_glued_to_valid_token", f => "Bearer" + f.Valid(), "malformed"),
        Header("bearer_twice", f => "Bearer Bearer " + f.Valid(), "malformed"),
        Header("bearer_comma_joined_valid_and_forged", f => $"Bearer {f.Valid()}, Bearer {f.Forged()}", "malformed"),
        Header("bearer_valid_token_then_word", f => $"Bearer {f.Valid()} x", "malformed"),
        Header("token_with_space_inside", f => { var p = Parts(f.Valid()); return $"Bearer {p[0]}.{p[1]} .{p[2]}"; }, "malformed"),
        Header("token_with_tab_inside", f => { var p = Parts(f.Valid()); return $"Bearer {p[0]}.\t{p[1]}.{p[2]}"; }, "malformed"),
        Raw("header_repeated_valid_then_forged", f => new[] { "Bearer " + f.Valid(), "Bearer " + f.Forged() }, "ambiguous_token"),
        Raw("header_repeated_forged_then_valid", f => new[] { "Bearer " + f.Forged(), "Bearer " + f.Valid() }, "ambiguous_token"),
        Raw("header_repeated_valid_then_basic", f => new[] { "Bearer " + f.Valid(), "Basic YWRtaW46YWRtaW4=" }, "unsupported_scheme"),
        Raw("header_repeated_valid_then_empty", f => new[] { "Bearer " + f.Valid(), "" }, "missing_token"),
        Raw("header_repeated_two_valid_tokens", f => new[] { "Bearer " + f.Valid("orders/write"), "Bearer " + f.Valid() }, "ambiguous_token"),
        Raw("token_with_nul", f => { var p = Parts(f.Valid()); return new[] { $"Bearer {p[0]}.{p[1]}\0.{p[2]}" }; }, null, Expect.KestrelBadRequest),
        Raw("token_with_control_char_0x01", f => { var p = Parts(f.Valid()); return new[] { $"Bearer {p[0]}.{p[1]}\u0001.{p[2]}" }; }, "malformed"),
        Raw("token_with_del_0x7f", f => { var p = Parts(f.Valid()); return new[] { $"Bearer {p[0]}\u007f.{p[1]}.{p[2]}" }; }, "malformed"),

        // --- Valid signature, wrong token ---------------------------------------------------------------------
        Bearer("expired_valid_signature", f => Tokens.Access(f.Pool, GatewayScenario.ClientId, "orders/read", TimeSpan.FromMinutes(-1)), "expired", Expect.Expired),
        Bearer("other_pool_token", f => Tokens.Access(f.OtherPool, GatewayScenario.ClientId, "orders/read"), "wrong_issuer"),
        Bearer("iss_trailing_slash_pool_signed", f => f.PoolSigned(f.Header(), f.Payload(c => c["iss"] = f.Pool.Issuer + "/")), "wrong_issuer"),
        Bearer("iss_of_pool_signed_by_other_pool_key_and_kid", f => Jws.Sign(
            f.Header(h => h["kid"] = f.OtherPool.ActiveKey.KeyId), f.Payload(), f.OtherPool.ActiveKey), "unknown_kid"),
        Bearer("iss_of_pool_signed_by_other_pool_key_under_pool_kid", f => Jws.Sign(
            f.Header(), f.Payload(), new RsaSecurityKey(f.OtherPool.ActiveKey.Rsa) { KeyId = f.Kid }), "bad_signature"),
    };

    /// <summary>The JSON object with <paramref name="key"/> twice, <paramref name="first"/> then <paramref name="second"/>, in place of its own.</summary>
    private static string Duplicate(string json, string key, object first, object second)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(key);
        var rest = node.ToJsonString();
        var pair = $"\"{key}\":{System.Text.Json.JsonSerializer.Serialize(first)},\"{key}\":{System.Text.Json.JsonSerializer.Serialize(second)}";
        return rest == "{}" ? "{" + pair + "}" : "{" + pair + "," + rest[1..];
    }

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Corpus)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeast60DistinctCases()
    {
        Assert.True(Corpus.Length >= 60, $"{Corpus.Length} cases");
        Assert.Equal(Corpus.Length, Corpus.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task HostileToken_Refused401_NotForwarded_NoKeyFetchedFromToken(string name)
    {
        var hostile = Corpus.Single(c => c.Name == name);
        var values = hostile.Authorization(_f);

        var before = _f.Backend.Requests;
        var response = await GatewayAssert.NotForwardedAsync(_f.Backend, async () =>
        {
            var sent = await SendAsync(hostile, values);
            _output.WriteLine($"{name}: {(int)sent.StatusCode}, forwarded: {_f.Backend.Requests != before}, header bytes: {values.Sum(v => v.Length)}");
            if (hostile.Finding is { } finding && _f.Backend.Requests != before)
            {
                Assert.Fail($"VULNERABILITY (issue 5 finding): '{name}' was forwarded, status {(int)sent.StatusCode}: {finding}");
            }

            return sent;
        });

        // Kestrel's own 400/431 carry no x-amzn-RequestId: the gateway never saw the request, so it logged nothing.
        var logged = response.Headers.Contains("x-amzn-RequestId") ? await _f.Gateway.ReasonAsync(response) : null;
        _output.WriteLine($"OUTCOME {name} {(int)response.StatusCode} {logged ?? "-"}");
        Assert.Equal(0, _f.KeyServer.Requests);
        switch (hostile.Expect)
        {
            case Expect.Unauthorized:
                await GatewayAssert.UnauthorizedAsync(response);
                break;
            case Expect.Expired:
                await GatewayAssert.ExpiredAsync(response);
                break;
            case Expect.TooLargeOrUnauthorized when response.StatusCode == HttpStatusCode.RequestHeaderFieldsTooLarge:
                break;
            case Expect.TooLargeOrUnauthorized:
                await GatewayAssert.UnauthorizedAsync(response);
                break;
            case Expect.KestrelBadRequest:
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                break;
        }

        if (hostile.Reason is not null && logged is not null)
        {
            Assert.Equal(hostile.Reason, logged);
        }

        // The gateway keeps serving: a valid token still goes through.
        await ValidRequestForwardedAsync();
    }

    /// <summary>
    /// The whole corpus at once, concurrently, then a valid request: each answer is the case's own 4xx (never a
    /// 5xx), nothing forwarded, no outbound key fetch, and the gateway still serves. Cases marked as findings
    /// are left out here (they are forwarded today, and fail in the test above).
    /// </summary>
    [Fact]
    public async Task WholeCorpusConcurrently_All4xx_NothingForwarded_ThenValidRequestServed()
    {
        var cases = Corpus.Where(c => c.Finding is null).ToList();
        var before = _f.Backend.Requests;

        var responses = await Task.WhenAll(cases.Select(async c => (Case: c, Response: await SendAsync(c, c.Authorization(_f)))));

        Assert.Equal(before, _f.Backend.Requests);
        Assert.Equal(0, _f.KeyServer.Requests);
        var unexpected = responses
            .Where(r => r.Response.StatusCode != r.Case.Expect switch
            {
                Expect.KestrelBadRequest => HttpStatusCode.BadRequest,
                Expect.TooLargeOrUnauthorized when r.Response.StatusCode == HttpStatusCode.RequestHeaderFieldsTooLarge => HttpStatusCode.RequestHeaderFieldsTooLarge,
                _ => HttpStatusCode.Unauthorized,
            })
            .Select(r => $"{r.Case.Name}: {(int)r.Response.StatusCode}")
            .ToList();
        Assert.True(unexpected.Count == 0, string.Join(", ", unexpected));
        await ValidRequestForwardedAsync();
    }

    /// <summary>
    /// A correctly signed token whose iat is an hour in the future. API Gateway and aws-jwt-verify do not check
    /// iat (aws-jwt-verify checks exp and nbf only; RFC 7519 gives iat no validation rule), and neither does the
    /// gateway: the token is accepted and forwarded. Only exp and nbf bound a token's validity; a future iat
    /// with a valid exp was issued by the pool and is not a forgery.
    /// </summary>
    [Fact]
    public async Task IatInTheFuture_AcceptedAsCognitoDoes()
    {
        var token = _f.PoolSigned(_f.Header(), _f.Payload(c => c["iat"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()));

        var response = await _f.Gateway.GetAsync("/orders/1", "Bearer " + token);

        _output.WriteLine($"iat in the future: {(int)response.StatusCode} reason={await _f.Gateway.ReasonAsync(response)}");
        var echo = await _f.Gateway.EchoAsync(response);
        Assert.Equal("/orders/1", echo.Path);
    }

    /// <summary>
    /// The Bearer scheme is matched case-insensitively (RFC 9110 section 11.1: auth schemes are case-insensitive),
    /// and the bare token is API Gateway's documented form: both accepted with a valid token.
    /// </summary>
    [Theory]
    [InlineData("bearer ")]
    [InlineData("BEARER ")]
    [InlineData("")]
    [InlineData("  Bearer   ")]
    public async Task ValidToken_BearerAnyCaseOrBare_Accepted(string prefix)
    {
        var response = await _f.Gateway.GetAsync("/orders/1", prefix + _f.Valid() + " ");

        var echo = await _f.Gateway.EchoAsync(response);
        Assert.Equal("/orders/1", echo.Path);
    }

    private async Task<HttpResponseMessage> SendAsync(HostileCase hostile, string[] values)
    {
        if (hostile.Raw)
        {
            var raw = await RawHttp.SendAsync(_f.Gateway.BaseAddress, "GET", "/orders/1", values.Select(v => ("Authorization", v)).ToArray());
            return RawResponse.ToMessage(raw);
        }

        return await _f.Gateway.GetAsync("/orders/1", values.Single());
    }

    private async Task ValidRequestForwardedAsync()
    {
        var before = _f.Backend.Requests;
        var response = await _f.Gateway.GetAsync("/orders/1", "Bearer " + _f.Valid());
        var echo = await _f.Gateway.EchoAsync(response);
        Assert.Equal("/orders/1", echo.Path);
        Assert.Equal(before + 1, _f.Backend.Requests);
    }
}

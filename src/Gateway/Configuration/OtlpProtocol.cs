namespace Gateway.Configuration;

/// <summary>The OTLP transport: gRPC (collector port 4317) or HTTP with protobuf bodies (port 4318).</summary>
internal enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Plugin.GrpcApi.V1;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Tests.Hosting;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.GrpcApi;

/// <summary>
/// A standard gRPC client (python3-grpcio, C core) calls the service. Message classes are built at run time
/// from our .proto's descriptor with the python protobuf runtime, so no generated stubs are needed.
/// </summary>
[Category("Peer")]
public sealed class GrpcInteropTests
{
    private const string Client = """
        import sys, json, time, grpc
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
        port, desc_path, key, done_id, queued_id = sys.argv[1:6]
        pool = descriptor_pool.DescriptorPool()
        pool.Add(descriptor_pb2.FileDescriptorProto.FromString(open(desc_path, 'rb').read()))
        def cls(name):
            d = pool.FindMessageTypeByName('pacsseg.v1.' + name)
            if hasattr(message_factory, 'GetMessageClass'):
                return message_factory.GetMessageClass(d)
            return message_factory.MessageFactory(pool).GetPrototype(d)
        HealthRequest, HealthReply = cls('HealthRequest'), cls('HealthReply')
        ListModelsRequest, ListModelsReply = cls('ListModelsRequest'), cls('ListModelsReply')
        GetJobRequest, Job = cls('GetJobRequest'), cls('Job')
        ch = grpc.insecure_channel('127.0.0.1:' + port)
        def unary(name, req, rep):
            return ch.unary_unary('/pacsseg.v1.PacsSeg/' + name, request_serializer=req.SerializeToString, response_deserializer=rep.FromString)
        health, models, get_job = unary('Health', HealthRequest, HealthReply), unary('ListModels', ListModelsRequest, ListModelsReply), unary('GetJob', GetJobRequest, Job)
        raw = lambda name: ch.unary_unary('/pacsseg.v1.PacsSeg/' + name, request_serializer=lambda b: b, response_deserializer=lambda b: b)
        md = [('x-api-key', key)]
        def code(fn):
            try:
                fn()
                return ['OK', '']
            except grpc.RpcError as e:
                return [e.code().name, e.details() or '']
        out = {}
        h = health(HealthRequest(), metadata=md, timeout=10)
        out['health'] = [h.status, h.database_ok, h.inference_available]
        out['unauthenticated'] = code(lambda: health(HealthRequest(), timeout=10))
        out['bad_key'] = code(lambda: health(HealthRequest(), metadata=[('x-api-key', 'wrong-key-0123456789')], timeout=10))
        out['bearer'] = code(lambda: health(HealthRequest(), metadata=[('authorization', 'Bearer ' + key)], timeout=10))
        j = get_job(GetJobRequest(job_id=int(done_id)), metadata=md, timeout=10)
        out['job'] = [j.id, j.state, j.series_instance_uid, j.detail]
        w = get_job(GetJobRequest(job_id=int(done_id), wait_for_completion=True), metadata=md, timeout=10)
        out['wait_done'] = w.state
        out['not_found'] = code(lambda: get_job(GetJobRequest(job_id=987654), metadata=md, timeout=10))
        out['invalid_id'] = code(lambda: get_job(GetJobRequest(job_id=-1), metadata=md, timeout=10))
        t0 = time.time()
        out['deadline'] = code(lambda: get_job(GetJobRequest(job_id=int(queued_id), wait_for_completion=True), metadata=md, timeout=0.5))
        out['deadline_seconds'] = time.time() - t0
        fut = get_job.future(GetJobRequest(job_id=int(queued_id), wait_for_completion=True), metadata=md, timeout=30)
        time.sleep(0.5)
        fut.cancel()
        out['cancelled'] = fut.cancelled()
        out['malformed'] = code(lambda: raw('GetJob')(b'\x08' + b'\xff' * 10, metadata=md, timeout=10))
        out['unimplemented'] = code(lambda: raw('Teleport')(b'', metadata=md, timeout=10))
        out['models'] = [m.name for m in models(ListModelsRequest(), metadata=md, timeout=10).models]
        print(json.dumps(out))
        """;

    [Test]
    public async Task PythonGrpcio_CallsEveryMethod_WithDeadlinesCancellationAndErrorCodes()
    {
        using var dir = new TestDirectory();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var ingest = plugin.Services.GetRequiredService<IInstanceIngest>();
        var store = plugin.Services.GetRequiredService<IJobStore>();
        long done = (await ingest.AcceptAsync(TestOptions.Instance("1.4", "1.4.1", "1.4.1.1", modality: "MR"), new MemoryStream([1]), CancellationToken.None)).JobId!.Value;
        long queued = (await ingest.AcceptAsync(TestOptions.Instance("1.4", "1.4.2", "1.4.2.1"), new MemoryStream([1]), CancellationToken.None)).JobId!.Value;
        await PluginHostTests.WaitForAsync(store, done, JobState.Done);
        await PluginHostTests.WaitForAsync(store, queued, JobState.Queued);
        string descriptor = Path.Combine(dir.Path, "pacsseg.desc");
        await File.WriteAllBytesAsync(descriptor, HealthRequest.Descriptor.File.SerializedData.ToByteArray());

        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", Client, plugin.GrpcPort.ToString(), descriptor, RunningPlugin.ApiKey, done.ToString(), queued.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        string stdout = await stdoutTask, stderr = await stderrTask;
        Assert.That(process.ExitCode, Is.Zero, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        string Code(string name) => r.GetProperty(name)[0].GetString()!;

        Assert.That(r.GetProperty("health")[0].GetInt32(), Is.EqualTo((int)HealthReply.Types.ServingStatus.Serving));
        Assert.That(r.GetProperty("health")[1].GetBoolean(), Is.True);
        Assert.That(Code("unauthenticated"), Is.EqualTo("UNAUTHENTICATED"));
        Assert.That(Code("bad_key"), Is.EqualTo("UNAUTHENTICATED"));
        Assert.That(Code("bearer"), Is.EqualTo("OK"));
        Assert.That(r.GetProperty("job")[0].GetInt64(), Is.EqualTo(done));
        Assert.That(r.GetProperty("job")[1].GetString(), Is.EqualTo("Done"));
        Assert.That(r.GetProperty("job")[2].GetString(), Is.EqualTo("1.4.1"));
        Assert.That(r.GetProperty("wait_done").GetString(), Is.EqualTo("Done"));
        Assert.That(Code("not_found"), Is.EqualTo("NOT_FOUND"));
        Assert.That(r.GetProperty("not_found")[1].GetString(), Does.Contain("987654"));
        Assert.That(Code("invalid_id"), Is.EqualTo("INVALID_ARGUMENT"));
        Assert.That(Code("deadline"), Is.EqualTo("DEADLINE_EXCEEDED"));
        Assert.That(r.GetProperty("deadline_seconds").GetDouble(), Is.LessThan(5));
        Assert.That(r.GetProperty("cancelled").GetBoolean(), Is.True);
        Assert.That(Code("malformed"), Is.EqualTo("INVALID_ARGUMENT"));
        Assert.That(Code("unimplemented"), Is.EqualTo("UNIMPLEMENTED"));
        Assert.That(r.GetProperty("models").GetArrayLength(), Is.Zero);

        // The server saw the cancellation: its waiting handler was stopped, not left running to its limit.
        var metrics = plugin.Services.GetRequiredService<PluginMetrics>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (metrics.GrpcCallCount("/pacsseg.v1.PacsSeg/GetJob", "CANCELLED") == 0 && DateTime.UtcNow < until)
            await Task.Delay(50);
        Assert.That(metrics.GrpcCallCount("/pacsseg.v1.PacsSeg/GetJob", "CANCELLED"), Is.GreaterThanOrEqualTo(1));
        Assert.That(metrics.GrpcCallCount("/pacsseg.v1.PacsSeg/Health", "UNAUTHENTICATED"), Is.EqualTo(2));
    }
}

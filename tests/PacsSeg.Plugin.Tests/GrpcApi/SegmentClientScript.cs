namespace PacsSeg.Plugin.Tests.GrpcApi;

/// <summary>The python3-grpcio client that drives Segment; message classes come from our .proto's descriptor at run time.</summary>
internal static class SegmentClientScript
{
    public const string Source = """
        import sys, os, json, time, threading, glob, grpc
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
        port, desc_path, key, work = sys.argv[1:5]
        pool = descriptor_pool.DescriptorPool()
        pool.Add(descriptor_pb2.FileDescriptorProto.FromString(open(desc_path, 'rb').read()))
        def cls(name):
            d = pool.FindMessageTypeByName('pacsseg.v1.' + name)
            if hasattr(message_factory, 'GetMessageClass'):
                return message_factory.GetMessageClass(d)
            return message_factory.MessageFactory(pool).GetPrototype(d)
        SegmentRequest, SegmentReply = cls('SegmentRequest'), cls('SegmentReply')
        ch = grpc.insecure_channel('127.0.0.1:' + port)
        segment = ch.stream_stream('/pacsseg.v1.PacsSeg/Segment', request_serializer=SegmentRequest.SerializeToString,
                                   response_deserializer=SegmentReply.FromString)
        md = [('x-api-key', key)]
        FLOAT32 = 5

        def raw(name, size, chunk=50000, model='phantom', version='', stall=None, tta=None, cut=None):
            data = open(os.path.join(work, name), 'rb').read()
            if cut is not None:
                data = data[:cut]
            first = SegmentRequest(model=model, model_version=version)
            g = first.volume.geometry
            g.size_x, g.size_y, g.size_z = size
            g.spacing.extend([1, 1, 2.5])
            g.origin.extend([-32, -30, 10])
            first.volume.voxel_type = FLOAT32
            if tta is not None:
                first.options.mirror_tta = tta
            first.voxels = data[:chunk]
            yield first
            if stall is not None:
                stall.wait(30)
            for o in range(chunk, len(data), chunk):
                yield SegmentRequest(voxels=data[o:o + chunk])

        def blobs(field, parts, model='phantom'):
            for n, part in enumerate(parts):
                m = SegmentRequest(model=model) if n == 0 else SegmentRequest()
                setattr(m, field, part)
                yield m

        def collect(call):
            progress, result, labels, unc = [], None, bytearray(), bytearray()
            for r in call:
                k = r.WhichOneof('kind')
                if k == 'progress':
                    progress.append([r.progress.stage, r.progress.fraction])
                elif k == 'result':
                    result = r.result
                elif k == 'labels':
                    labels += r.labels
                elif k == 'uncertainty':
                    unc += r.uncertainty
            return progress, result, bytes(labels), bytes(unc)

        def code(fn):
            try:
                fn()
                return ['OK', '']
            except grpc.RpcError as e:
                return [e.code().name, e.details() or '']

        def run(name, requests):
            progress, result, labels, unc = collect(segment(requests, metadata=md, timeout=60))
            open(os.path.join(work, name + '.labels'), 'wb').write(labels)
            open(os.path.join(work, name + '.unc'), 'wb').write(unc)
            g = result.geometry
            return {'progress': progress, 'model': result.model, 'version': result.model_version,
                    'size': [g.size_x, g.size_y, g.size_z], 'spacing': list(g.spacing), 'origin': list(g.origin),
                    'classes': [[c.name, c.voxels, c.volume_ml] for c in result.classes], 'samples': result.samples,
                    'labels_bytes': result.labels_bytes, 'uncertainty_bytes': result.uncertainty_bytes,
                    'mean_uncertainty': result.mean_uncertainty}

        def small_until_free():
            # Right after a cancelled call the server may still be releasing its slot: retry while it says so.
            t0 = time.time()
            for _ in range(100):
                c = code(lambda: collect(segment(raw('small.f32', (64, 64, 8)), metadata=md, timeout=60)))
                if c[0] != 'RESOURCE_EXHAUSTED':
                    break
                time.sleep(0.1)
            return [c[0], c[1], time.time() - t0]

        out = {}
        out['raw'] = run('raw', raw('small.f32', (64, 64, 8)))
        nii = open(os.path.join(work, 'small.nii.gz'), 'rb').read()
        out['nifti'] = run('nifti', blobs('nifti', [nii[o:o + 10000] for o in range(0, len(nii), 10000)]))
        files = sorted(glob.glob(os.path.join(work, 'dicom', '*.dcm')))
        out['dicom'] = run('dicom', blobs('dicom_instance', [open(f, 'rb').read() for f in files]))
        out['no_tta_samples'] = run('notta', raw('small.f32', (64, 64, 8), tta=False))['samples']

        out['not_found'] = code(lambda: collect(segment(raw('small.f32', (64, 64, 8), model='nope'), metadata=md, timeout=30)))
        out['not_found_version'] = code(lambda: collect(segment(raw('small.f32', (64, 64, 8), version='9'), metadata=md, timeout=30)))
        out['zero_size'] = code(lambda: collect(segment(raw('small.f32', (0, 64, 8)), metadata=md, timeout=30)))
        out['short_voxels'] = code(lambda: collect(segment(raw('small.f32', (64, 64, 8), cut=64 * 64 * 4 * 5), metadata=md, timeout=30)))
        out['bad_nifti'] = code(lambda: collect(segment(blobs('nifti', [b'not a nifti file' * 40]), metadata=md, timeout=30)))
        out['no_input'] = code(lambda: collect(segment(iter([SegmentRequest(model='phantom')]), metadata=md, timeout=30)))
        out['unauthenticated'] = code(lambda: collect(segment(raw('small.f32', (64, 64, 8)), timeout=30)))

        t0 = time.time()
        out['deadline'] = code(lambda: collect(segment(raw('big.f32', (128, 128, 48), chunk=1 << 20), metadata=md, timeout=1.5)))
        out['deadline_seconds'] = time.time() - t0
        out['after_deadline'] = small_until_free()

        call = segment(raw('big.f32', (128, 128, 48), chunk=1 << 20), metadata=md, timeout=120)
        stages = []
        for r in call:
            if r.WhichOneof('kind') == 'progress':
                stages.append(r.progress.stage)
                if r.progress.stage == 'infer':
                    break
        call.cancel()
        out['cancel_stages'] = stages
        out['cancelled'] = code(lambda: collect(call))[0]
        out['after_cancel'] = small_until_free()

        # The plugin under test admits one Segment call at a time: a second one while the first is still uploading is refused.
        gate = threading.Event()
        first = segment(raw('small.f32', (64, 64, 8), stall=gate), metadata=md, timeout=60)
        opening = next(first)
        out['busy'] = code(lambda: collect(segment(raw('small.f32', (64, 64, 8)), metadata=md, timeout=30)))
        gate.set()
        rest = collect(first)
        out['first_after_busy'] = [opening.progress.stage, rest[1] is not None, len(rest[2])]
        print(json.dumps(out))
        """;
}

#!/usr/bin/python3
"""Independent NIfTI-1/2 reader and writer (struct + numpy, no nibabel) used as a peer by the tests.

read FILE        -> JSON on stdout: header fields, the best affine (sform, else qform, else base) in RAS,
                    and the stored voxels (x fastest).
write FILE SPEC  -> writes FILE from a JSON spec (see write()).
"""
import gzip, json, struct, sys
import numpy as np

DTYPES = {2: 'u1', 4: 'i2', 8: 'i4', 16: 'f4', 64: 'f8', 256: 'i1', 512: 'u2', 768: 'u4', 1024: 'i8', 1280: 'u8'}

def opener(path, mode):
    return gzip.open(path, mode) if path.endswith('.gz') else open(path, mode)

def quat_to_mat(b, c, d, qfac, zooms):
    a2 = 1.0 - (b * b + c * c + d * d)
    a = np.sqrt(a2) if a2 > 0 else 0.0
    r = np.array([[a*a+b*b-c*c-d*d, 2*(b*c-a*d), 2*(b*d+a*c)],
                  [2*(b*c+a*d), a*a+c*c-b*b-d*d, 2*(c*d-a*b)],
                  [2*(b*d-a*c), 2*(c*d+a*b), a*a+d*d-c*c-b*b]])
    r[:, 2] *= qfac
    return r * np.asarray(zooms)[None, :]

def read(path):
    raw = opener(path, 'rb').read()
    if struct.unpack('<i', raw[:4])[0] in (348, 540):
        e = '<'
    else:
        e = '>'
    size = struct.unpack(e + 'i', raw[:4])[0]
    h = {'sizeof_hdr': size, 'endian': e}
    if size == 348:
        h['dim'] = list(struct.unpack(e + '8h', raw[40:56]))
        h['datatype'], h['bitpix'] = struct.unpack(e + '2h', raw[70:74])
        h['pixdim'] = list(struct.unpack(e + '8f', raw[76:108]))
        h['vox_offset'], h['scl_slope'], h['scl_inter'] = struct.unpack(e + '3f', raw[108:120])
        h['xyzt_units'] = raw[123]
        h['descrip'] = raw[148:228].split(b'\0')[0].decode('ascii')
        h['qform_code'], h['sform_code'] = struct.unpack(e + '2h', raw[252:256])
        h['quatern'] = list(struct.unpack(e + '3f', raw[256:268]))
        h['qoffset'] = list(struct.unpack(e + '3f', raw[268:280]))
        h['srow'] = list(struct.unpack(e + '12f', raw[280:328]))
        h['magic'] = raw[344:348].decode('latin1')
    else:
        h['magic'] = raw[4:12].decode('latin1')
        h['datatype'], h['bitpix'] = struct.unpack(e + '2h', raw[12:16])
        h['dim'] = list(struct.unpack(e + '8q', raw[16:80]))
        h['pixdim'] = list(struct.unpack(e + '8d', raw[104:168]))
        h['vox_offset'] = struct.unpack(e + 'q', raw[168:176])[0]
        h['scl_slope'], h['scl_inter'] = struct.unpack(e + '2d', raw[176:192])
        h['descrip'] = raw[240:320].split(b'\0')[0].decode('ascii')
        h['qform_code'], h['sform_code'] = struct.unpack(e + '2i', raw[344:352])
        h['quatern'] = list(struct.unpack(e + '3d', raw[352:376]))
        h['qoffset'] = list(struct.unpack(e + '3d', raw[376:400]))
        h['srow'] = list(struct.unpack(e + '12d', raw[400:496]))
        h['xyzt_units'] = struct.unpack(e + 'i', raw[500:504])[0]
    n = h['dim'][0]
    shape = [h['dim'][i] for i in range(1, n + 1)]
    count = int(np.prod(shape))
    dt = np.dtype(e + DTYPES[h['datatype']])
    off = int(h['vox_offset'])
    data = np.frombuffer(raw[off:off + count * dt.itemsize], dtype=dt)
    h['data'] = data.astype(np.float64).tolist()
    qfac = -1.0 if h['pixdim'][0] < 0 else 1.0
    if h['sform_code'] > 0:
        aff = np.array(h['srow'] + [0, 0, 0, 1]).reshape(4, 4)
    elif h['qform_code'] > 0:
        aff = np.eye(4)
        aff[:3, :3] = quat_to_mat(*h['quatern'], qfac, h['pixdim'][1:4])
        aff[:3, 3] = h['qoffset']
    else:
        z = np.array(h['pixdim'][1:4]); z[0] *= -1
        aff = np.eye(4); aff[:3, :3] = np.diag(z)
        aff[:3, 3] = -(np.array((shape + [1, 1])[:3]) - 1) / 2.0 * z
    h['affine'] = aff.tolist()
    if h['qform_code'] > 0:
        h['qform_affine'] = quat_to_mat(*h['quatern'], qfac, h['pixdim'][1:4]).tolist()
    return h

def write(path, spec):
    """spec: version (1|2), endian ('<'|'>'), datatype, dim (3 sizes), data (x fastest), pixdim (8),
    scl_slope, scl_inter, qform_code, sform_code, quatern (3), qoffset (3), srow (12), vox_offset."""
    e = spec.get('endian', '<')
    version = spec.get('version', 1)
    dims = [3] + spec['dim'] + [1] * (7 - len(spec['dim']))
    data = np.asarray(spec['data'], dtype=np.dtype(e + DTYPES[spec['datatype']]))
    bitpix = data.dtype.itemsize * 8
    if version == 1:
        off = spec.get('vox_offset', 352)
        hdr = bytearray(348)
        struct.pack_into(e + 'i', hdr, 0, 348)
        struct.pack_into(e + '8h', hdr, 40, *dims)
        struct.pack_into(e + '2h', hdr, 70, spec['datatype'], bitpix)
        struct.pack_into(e + '8f', hdr, 76, *spec['pixdim'])
        struct.pack_into(e + '3f', hdr, 108, off, spec.get('scl_slope', 0), spec.get('scl_inter', 0))
        hdr[123] = 10
        struct.pack_into(e + '2h', hdr, 252, spec.get('qform_code', 0), spec.get('sform_code', 0))
        struct.pack_into(e + '3f', hdr, 256, *spec.get('quatern', [0, 0, 0]))
        struct.pack_into(e + '3f', hdr, 268, *spec.get('qoffset', [0, 0, 0]))
        struct.pack_into(e + '12f', hdr, 280, *spec.get('srow', [0] * 12))
        hdr[344:348] = b'n+1\0'
    else:
        off = spec.get('vox_offset', 544)
        hdr = bytearray(540)
        struct.pack_into(e + 'i', hdr, 0, 540)
        hdr[4:12] = b'n+2\0\r\n\x1a\n'
        struct.pack_into(e + '2h', hdr, 12, spec['datatype'], bitpix)
        struct.pack_into(e + '8q', hdr, 16, *dims)
        struct.pack_into(e + '8d', hdr, 104, *spec['pixdim'])
        struct.pack_into(e + 'q', hdr, 168, off)
        struct.pack_into(e + '2d', hdr, 176, spec.get('scl_slope', 0), spec.get('scl_inter', 0))
        struct.pack_into(e + '2i', hdr, 344, spec.get('qform_code', 0), spec.get('sform_code', 0))
        struct.pack_into(e + '3d', hdr, 352, *spec.get('quatern', [0, 0, 0]))
        struct.pack_into(e + '3d', hdr, 376, *spec.get('qoffset', [0, 0, 0]))
        struct.pack_into(e + '12d', hdr, 400, *spec.get('srow', [0] * 12))
        struct.pack_into(e + 'i', hdr, 500, 10)
    body = bytes(hdr) + b'\0' * (off - len(hdr)) + data.tobytes()
    with opener(path, 'wb') as f:
        f.write(body)

if __name__ == '__main__':
    if sys.argv[1] == 'read':
        json.dump(read(sys.argv[2]), sys.stdout)
    else:
        write(sys.argv[2], json.load(open(sys.argv[3])))

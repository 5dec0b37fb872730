#!/usr/bin/python3
"""Writes a synthetic CT series with pydicom: a sphere of stored value 1000 (HU -24 with intercept -1024)
at a known LPS centre, on a grid given by origin, row/column directions and spacings.

gen_series.py SPEC_JSON OUT_DIR
spec: rows, cols, slices, row_spacing (between rows), col_spacing (between columns), slice_spacing,
      row_dir, col_dir (IOP triplets), origin (IPP of the first slice), centre, radius,
      reverse (number instances from the far end), enhanced (one multi-frame file), tilt (in-plane mm per slice
      along col_dir), skip (list of slice indices to leave out), bits (16), seed
"""
import json, os, sys
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT = '1.2.840.10008.5.1.4.1.1.2'
ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1'

def ds_str(v):
    return [float('%.10g' % x) for x in v]

def main(spec, out):
    os.makedirs(out, exist_ok=True)
    rows, cols, n = spec['rows'], spec['cols'], spec['slices']
    r = np.array(spec['row_dir'], float); c = np.array(spec['col_dir'], float)
    normal = np.cross(r, c)
    origin = np.array(spec['origin'], float)
    centre = np.array(spec['centre'], float); radius = spec['radius']
    tilt = spec.get('tilt', 0.0)
    jj, ii = np.mgrid[0:rows, 0:cols]
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    skip = set(spec.get('skip', []))
    frames, positions = [], []
    for k in range(n):
        ipp = origin + normal * spec['slice_spacing'] * k + c * tilt * k
        p = ipp[None, None, :] + ii[..., None] * spec['col_spacing'] * r + jj[..., None] * spec['row_spacing'] * c
        inside = np.linalg.norm(p - centre, axis=-1) <= radius
        frames.append(np.where(inside, 1000, 0).astype(np.int16))
        positions.append(ipp)

    def base(sop_class, uid):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = sop_class
        meta.MediaStorageSOPInstanceUID = uid
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(None, {}, file_meta=meta, preamble=b'\0' * 128)
        ds.is_little_endian = True; ds.is_implicit_VR = False
        ds.SOPClassUID = sop_class; ds.SOPInstanceUID = uid
        ds.PatientName = 'Sphere^Test'; ds.PatientID = 'SPHERE'; ds.Modality = 'CT'
        ds.StudyInstanceUID = study; ds.SeriesInstanceUID = series; ds.FrameOfReferenceUID = frame
        ds.Rows = rows; ds.Columns = cols
        ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
        ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 1
        return ds

    if spec.get('enhanced'):
        ds = base(ENHANCED_CT, generate_uid())
        ds.NumberOfFrames = n
        shared = Dataset()
        pm = Dataset(); pm.PixelSpacing = ds_str([spec['row_spacing'], spec['col_spacing']]); pm.SliceThickness = spec['slice_spacing']
        po = Dataset(); po.ImageOrientationPatient = ds_str(list(r) + list(c))
        pv = Dataset(); pv.RescaleSlope = 1; pv.RescaleIntercept = -1024; pv.RescaleType = 'HU'
        shared.PixelMeasuresSequence = Sequence([pm]); shared.PlaneOrientationSequence = Sequence([po])
        shared.PixelValueTransformationSequence = Sequence([pv])
        ds.SharedFunctionalGroupsSequence = Sequence([shared])
        order = list(range(n))[::-1] if spec.get('reverse') else list(range(n))
        per = []
        for k in order:
            f = Dataset(); pp = Dataset(); pp.ImagePositionPatient = ds_str(positions[k])
            f.PlanePositionSequence = Sequence([pp]); per.append(f)
        ds.PerFrameFunctionalGroupsSequence = Sequence(per)
        ds.PixelData = np.stack([frames[k] for k in order]).tobytes()
        ds.save_as(os.path.join(out, 'enhanced.dcm'), write_like_original=False)
        return
    for k in range(n):
        if k in skip:
            continue
        ds = base(CT, generate_uid())
        number = n - k if spec.get('reverse') else k + 1
        ds.InstanceNumber = number
        ds.ImagePositionPatient = ds_str(positions[k])
        ds.ImageOrientationPatient = ds_str(list(r) + list(c))
        ds.PixelSpacing = ds_str([spec['row_spacing'], spec['col_spacing']])
        ds.SliceThickness = spec['slice_spacing']
        ds.RescaleSlope = 1; ds.RescaleIntercept = -1024
        ds.PixelData = frames[k].tobytes()
        ds.save_as(os.path.join(out, 'IM%04d.dcm' % number), write_like_original=False)

if __name__ == '__main__':
    main(json.load(open(sys.argv[1])), sys.argv[2])

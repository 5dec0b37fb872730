# Writes a binary DICOM Segmentation with pydicom alone (no PacsSeg code): one segment "Liver" marking the
# voxels of the source series whose HU lies in (0, 200). Frames are placed by position and by source SOP.
# usage: pydicom_seg.py SERIES_DIR OUTPUT
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SEG = "1.2.840.10008.5.1.4.1.1.66.4"
series_dir, out = sys.argv[1], sys.argv[2]
slices = [pydicom.dcmread(os.path.join(series_dir, f)) for f in sorted(os.listdir(series_dir))]
slices.sort(key=lambda d: float(d.ImagePositionPatient[2]))
first = slices[0]

meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = SEG
meta.MediaStorageSOPInstanceUID = generate_uid()
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = FileDataset(out, {}, file_meta=meta, preamble=b"\0" * 128)
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID, ds.SOPInstanceUID = SEG, meta.MediaStorageSOPInstanceUID
for keyword in ("PatientName", "PatientID", "StudyInstanceUID", "StudyDate", "FrameOfReferenceUID"):
    setattr(ds, keyword, getattr(first, keyword))
ds.Modality, ds.SeriesInstanceUID, ds.SeriesNumber, ds.InstanceNumber = "SEG", generate_uid(), 99, 1
ds.SegmentationType, ds.ContentLabel = "BINARY", "PYDICOM"
ds.Rows, ds.Columns = first.Rows, first.Columns
ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0

ref_series = Dataset()
ref_series.SeriesInstanceUID = first.SeriesInstanceUID
ref_series.ReferencedInstanceSequence = Sequence()
for s in slices:
    item = Dataset()
    item.ReferencedSOPClassUID, item.ReferencedSOPInstanceUID = s.SOPClassUID, s.SOPInstanceUID
    ref_series.ReferencedInstanceSequence.append(item)
ds.ReferencedSeriesSequence = Sequence([ref_series])

def code(value, scheme, meaning):
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return Sequence([c])

segment = Dataset()
segment.SegmentNumber, segment.SegmentLabel, segment.SegmentAlgorithmType = 1, "Liver", "MANUAL"
segment.SegmentedPropertyCategoryCodeSequence = code("123037004", "SCT", "Anatomical Structure")
segment.SegmentedPropertyTypeCodeSequence = code("10200004", "SCT", "Liver")
ds.SegmentSequence = Sequence([segment])

shared = Dataset()
orientation = Dataset()
orientation.ImageOrientationPatient = first.ImageOrientationPatient
measures = Dataset()
measures.PixelSpacing, measures.SliceThickness = first.PixelSpacing, first.SliceThickness
shared.PlaneOrientationSequence, shared.PixelMeasuresSequence = Sequence([orientation]), Sequence([measures])
ds.SharedFunctionalGroupsSequence = Sequence([shared])

frames, per_frame = [], Sequence()
for s in slices:
    hu = s.pixel_array.astype(np.float64) * float(s.RescaleSlope) + float(s.RescaleIntercept)
    mask = ((hu > 0) & (hu < 200)).astype(np.uint8)
    if not mask.any():
        continue
    frames.append(mask)
    group = Dataset()
    source = Dataset()
    source.ReferencedSOPClassUID, source.ReferencedSOPInstanceUID = s.SOPClassUID, s.SOPInstanceUID
    derivation = Dataset()
    derivation.SourceImageSequence = Sequence([source])
    group.DerivationImageSequence = Sequence([derivation])
    position = Dataset()
    position.ImagePositionPatient = s.ImagePositionPatient
    group.PlanePositionSequence = Sequence([position])
    ident = Dataset()
    ident.ReferencedSegmentNumber = 1
    group.SegmentIdentificationSequence = Sequence([ident])
    per_frame.append(group)
ds.PerFrameFunctionalGroupsSequence = per_frame
ds.NumberOfFrames = len(frames)
bits = np.packbits(np.stack(frames).ravel(), bitorder="little")
if len(bits) % 2:
    bits = np.append(bits, np.uint8(0))
ds.PixelData = bits.tobytes()
ds.save_as(out, write_like_original=False)

// A dataset: entries kept in tag order; values stay byte buffers until an accessor decodes them.
using System.Text;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom;

/// <summary>A DICOM dataset (or sequence item). Typed accessors are in the other parts of this class.</summary>
public sealed partial class DicomDataset : IEnumerable<DicomItem>
{
    private readonly List<DicomItem> _items = [];
    private Encoding? _encoding;

    /// <summary>Creates an empty dataset.</summary>
    public DicomDataset()
    {
    }

    /// <summary>Creates a dataset holding these entries.</summary>
    public DicomDataset(IEnumerable<DicomItem> items)
    {
        foreach (var i in items)
        {
            Add(i);
        }
    }

    /// <summary>The dataset that holds the sequence this item is in: an item inherits its Specific Character Set.</summary>
    public DicomDataset? Parent { get; set; }

    /// <summary>Number of entries.</summary>
    public int Count => _items.Count;

    /// <summary>The encoding of strings whose VR uses the character set, from (0008,0005) here or in a parent.</summary>
    public Encoding CharacterEncoding
    {
        get
        {
            if (_encoding is not null)
            {
                return _encoding;
            }

            var own = Find(DicomTags.SpecificCharacterSet);
            if (own is DicomElement e)
            {
                _encoding = DicomCharacterSet.GetEncoding(SplitValues(Encoding.Latin1.GetString(e.Buffer.GetMemory().Span), DicomVR.CS, keepEmpty: true));
                return _encoding;
            }

            return Parent?.CharacterEncoding ?? Encoding.Latin1;
        }
    }

    /// <summary>Adds an entry, replacing one with the same tag.</summary>
    public DicomDataset Add(DicomItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Tag == DicomTags.SpecificCharacterSet)
        {
            _encoding = null;
        }

        if (item is DicomSequence s)
        {
            foreach (var child in s.Items)
            {
                child.Parent = this;
            }
        }

        // Parsers and builders add in tag order almost always: append is the fast path.
        if (_items.Count == 0 || _items[^1].Tag < item.Tag)
        {
            _items.Add(item);
            return this;
        }

        var i = IndexOf(item.Tag);
        if (i >= 0)
        {
            _items[i] = item;
        }
        else
        {
            _items.Insert(~i, item);
        }

        return this;
    }

    /// <summary>Removes the entry with this tag; true if there was one.</summary>
    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }

        if (tag == DicomTags.SpecificCharacterSet)
        {
            _encoding = null;
        }

        _items.RemoveAt(i);
        return true;
    }

    /// <summary>True if the dataset has an entry with this tag.</summary>
    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>The entry with this tag, or null.</summary>
    public DicomItem? Find(DicomTag tag)
    {
        var i = IndexOf(tag);
        return i >= 0 ? _items[i] : null;
    }

    /// <summary>The element with a value buffer for this tag, or null if absent or a sequence.</summary>
    public DicomElement? FindElement(DicomTag tag) => Find(tag) as DicomElement;

    /// <summary>A copy of this dataset sharing the value buffers (they are immutable); sequences are copied deeply.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        foreach (var item in _items)
        {
            copy._items.Add(item is DicomSequence s ? new DicomSequence(s.Tag, s.Items.Select(i => i.Clone())) : item);
        }

        foreach (var s in copy._items.OfType<DicomSequence>())
        {
            foreach (var child in s.Items)
            {
                child.Parent = copy;
            }
        }

        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<DicomItem> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds or replaces the entry without the ordering check (the parser reads in order and validates separately).</summary>
    internal void AddParsed(DicomItem item)
    {
        if (_items.Count == 0 || _items[^1].Tag < item.Tag)
        {
            _items.Add(item);
        }
        else
        {
            Add(item);
        }
    }

    private int IndexOf(DicomTag tag)
    {
        int lo = 0, hi = _items.Count - 1;
        var v = tag.Value;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var m = _items[mid].Tag.Value;
            if (m == v)
            {
                return mid;
            }

            if (m < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}

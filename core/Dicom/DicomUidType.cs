namespace PacsSeg.Dicom;

/// <summary>What a registered UID names (PS3.6 table A-1's "UID Type").</summary>
public enum DicomUidType
{
    /// <summary>Not in the registry, or a kind not listed here.</summary>
    Other,
    /// <summary>A transfer syntax.</summary>
    TransferSyntax,
    /// <summary>A SOP class.</summary>
    SopClass,
    /// <summary>A meta SOP class.</summary>
    MetaSopClass,
    /// <summary>A well-known SOP instance.</summary>
    WellKnownSopInstance,
    /// <summary>A well-known frame of reference.</summary>
    FrameOfReference,
    /// <summary>A coding scheme.</summary>
    CodingScheme,
    /// <summary>An application context name.</summary>
    ApplicationContextName,
    /// <summary>A service class.</summary>
    ServiceClass,
    /// <summary>An application hosting model.</summary>
    ApplicationHostingModel,
    /// <summary>A mapping resource.</summary>
    MappingResource,
    /// <summary>An LDAP OID.</summary>
    LdapOid,
    /// <summary>A UID made for one object (study, series, instance).</summary>
    Instance,
}

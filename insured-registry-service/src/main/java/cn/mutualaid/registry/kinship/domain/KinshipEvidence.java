package cn.mutualaid.registry.kinship.domain;

import cn.mutualaid.contracts.registry.KinshipEvidenceKind;

/**
 * What a kinship was recorded on: the kind of official document and its reference number as the agency read it
 * (never an image), and who recorded it (the operator's subject and the agency's area).
 */
public record KinshipEvidence(KinshipEvidenceKind kind, String reference, String recordedBy, String recordedArea) {
}

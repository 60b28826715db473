import Testing

@testable import SrooterSupplyChain

/// Swift purls from repository URLs, and license recognition.
@Suite struct PurlAndLicenseTests {
    @Test(arguments: [
        ("https://github.com/apple/swift-nio.git", "pkg:swift/github.com/apple/swift-nio@2.101.3"),
        ("https://github.com/apple/swift-nio", "pkg:swift/github.com/apple/swift-nio@2.101.3"),
        ("https://github.com/Quick/Nimble.git", "pkg:swift/github.com/Quick/Nimble@2.101.3"),
        ("git@github.com:GraphQLSwift/GraphQL.git", "pkg:swift/github.com/GraphQLSwift/GraphQL@2.101.3"),
        ("ssh://git@gitlab.example.com:2222/group/sub/Repo.git", "pkg:swift/gitlab.example.com/group/sub/Repo@2.101.3"),
    ])
    func swiftPurlKeepsTheURLsCase(location: String, expected: String) {
        #expect(PackageURL.swift(location: location, version: "2.101.3")?.description == expected)
    }

    @Test func localPathHasNoSwiftPurl() {
        #expect(PackageURL.swift(location: "/work/vendor/thing", version: "1.0.0") == nil)
        #expect(PackageURL.swift(location: "https://github.com/onlyowner", version: "1.0.0") == nil)
    }

    @Test func debianPurlEncodesPlusAndCarriesSource() {
        let package = DebianPackage(
            name: "libsqlite3-0", architecture: "amd64", version: "3.40.1-2+deb12u2", sourceName: "sqlite3",
            sourceVersion: "3.40.1-2+deb12u2")
        let purl = package.purl(distribution: Distribution(id: "debian", versionID: "12"))
        #expect(purl.description == "pkg:deb/debian/libsqlite3-0@3.40.1-2%2Bdeb12u2?arch=amd64&distro=debian-12&upstream=sqlite3")
        #expect(PackageURL(parsing: purl.description)?.qualifier("upstream") == "sqlite3")
    }

    @Test func distributionFromOSRelease() {
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n"
        #expect(Distribution(osRelease: text) == Distribution(id: "debian", versionID: "12"))
        #expect(Distribution(osRelease: text).distro == "debian-12")
    }

    static let apache = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/
        TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
        """
    static let swiftException = apache + """

        ## Runtime Library Exception to the Apache 2.0 License: ##
            As an exception, if you use this Software to compile your source code and
        """
    static let mit = """
        The MIT License (MIT)

        Copyright (c) 2016 JP Simard.

        Permission is hereby granted, free of charge, to any person obtaining a copy
        of this software and associated documentation files (the "Software"), to deal
        """
    static let isc = """
        Copyright (c) 2013-2024 Frank Denis

        Permission to use, copy, modify, and/or distribute this software for any
        purpose with or without fee is hereby granted, provided that the above
        """
    static let bsd2 = """
        Redistribution and use in source and binary forms, with or without
        modification, are permitted provided that the following conditions are met:
        1. Redistributions of source code must retain the above copyright notice.
        2. Redistributions in binary form must reproduce the above copyright notice.
        """
    static let bsd3 = bsd2 + """

        3. Neither the name of the copyright holder nor the names of its
           contributors may be used to endorse or promote products derived from
           this software without specific prior written permission.
        """
    static let mpl = """
        Mozilla Public License Version 2.0
        ==================================
        1. Definitions
        """

    @Test(arguments: [
        (apache, DetectedLicense.spdx("Apache-2.0")),
        (swiftException, .expression("Apache-2.0 WITH Swift-exception")),
        (mit, .spdx("MIT")),
        (isc, .spdx("ISC")),
        (bsd2, .spdx("BSD-2-Clause")),
        (bsd3, .spdx("BSD-3-Clause")),
        (mpl, .spdx("MPL-2.0")),
        ("\n\n  # The Frobnicator Community License 1.1\n\nYou may frob.", .named("The Frobnicator Community License 1.1")),
    ])
    func recognisesLicenseText(text: String, expected: DetectedLicense) {
        #expect(LicenseDetector.detect(text: text) == expected)
    }

    @Test func findsLicenseFileInCheckout() throws {
        let folder = TemporaryFolder()
        #expect(LicenseDetector.detect(inDirectory: folder.path) == nil)
        _ = try folder.write("LICENSE.md", Self.mit)
        #expect(LicenseDetector.detect(inDirectory: folder.path) == .spdx("MIT"))
        _ = try folder.write("LICENSE", Self.isc)
        #expect(LicenseDetector.detect(inDirectory: folder.path) == .spdx("ISC"))
    }

    @Test func debianMachineReadableCopyright() {
        let text = """
            Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
            Upstream-Name: sodium

            Files: *
            Copyright: 2013-2017 Frank Denis
            License: ISC
             Permission to use, copy, modify, and/or distribute this software

            Files: debian/*
            License: GPL-2+
            """
        #expect(DebianCopyright.license(copyrightText: text, path: "/x") == .spdx("ISC"))
        let header = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nLicense: BSD-2-clause\n\nFiles: *\nLicense: Expat\n"
        #expect(DebianCopyright.license(copyrightText: header, path: "/x") == .spdx("BSD-2-Clause"))
        let odd = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: public-domain\n"
        #expect(DebianCopyright.license(copyrightText: odd, path: "/x") == .named("public-domain"))
    }

    @Test func debianFreeFormCopyrightIsNamedByPath() {
        let text = "This is the Debian prepackaged version of the GNU C Library.\n"
        #expect(
            DebianCopyright.license(copyrightText: text, path: "/usr/share/doc/libc6/copyright")
                == .named("see /usr/share/doc/libc6/copyright"))
    }

    @Test func debianShortNamesMapToSPDX() {
        #expect(DebianCopyright.spdx(debianShortName: "GPL-2+") == "GPL-2.0-or-later")
        #expect(DebianCopyright.spdx(debianShortName: "Expat") == "MIT")
        #expect(DebianCopyright.spdx(debianShortName: "LGPL-2.1+") == "LGPL-2.1-or-later")
        #expect(DebianCopyright.spdx(debianShortName: "GPL-3+ with GCC-Runtime-Library-exception") == nil)
    }
}

import Yams

/// Walks the YAML tree into a `GatewayConfig`, noting every problem with its line.
struct ConfigReader {
    let environment: [String: String]
    var problems: [ConfigProblem] = []
    var lines: [String: Int] = [:]

    init(environment: [String: String]) { self.environment = environment }

    mutating func problem(_ node: Node?, _ message: String) {
        problems.append(ConfigProblem(line: node?.mark?.line ?? 0, message: message))
    }

    mutating func mapping(_ node: Node, _ what: String, allowed: Set<String>) -> [(String, Node)]? {
        guard let mapping = node.mapping else {
            problem(node, "\(what) must be a mapping")
            return nil
        }
        var pairs: [(String, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { problem(key, "\(what): keys must be strings"); continue }
            if !allowed.isEmpty, !allowed.contains(name) {
                problem(key, "\(what): unknown key '\(name)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
                continue
            }
            pairs.append((name, value))
        }
        return pairs
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            problem(node, "\(what) must be a non-empty string")
            return nil
        }
        return scalar.string
    }

    mutating func number(_ node: Node, _ what: String, minimum: Double = 0) -> Double? {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite, value >= minimum else {
            problem(node, "\(what) must be a number of at least \(minimum.rounded() == minimum ? String(Int(minimum)) : String(minimum))")
            return nil
        }
        return value
    }

    mutating func read(_ root: Node, into config: inout GatewayConfig) {
        let sections: Set = ["trust_dir", "listen", "tls", "database", "limits", "timeouts", "providers", "models", "audit", "vault", "admin", "routes"]
        guard let pairs = mapping(root, "the file", allowed: sections) else { return }
        for (key, value) in pairs {
            switch key {
            case "listen":
                for (name, item) in mapping(value, "listen", allowed: ["host", "port"]) ?? [] {
                    if name == "host", let host = string(item, "listen.host") { config.host = host }
                    if name == "port", let port = number(item, "listen.port", minimum: 0) {
                        if port > 65535 || port.rounded() != port { problem(item, "listen.port must be a whole number up to 65535") }
                        else { config.port = Int(port) }
                    }
                }
            case "tls":
                for (name, item) in mapping(value, "tls", allowed: ["certificate", "key"]) ?? [] {
                    if name == "certificate" { config.tlsCertificate = string(item, "tls.certificate") }
                    if name == "key" { config.tlsKey = string(item, "tls.key") }
                }
                if (config.tlsCertificate == nil) != (config.tlsKey == nil) { problem(value, "tls needs both certificate and key") }
            case "routes":
                readRoutes(value, into: &config)
            case "audit", "vault", "admin":
                readSecurity(key, value, into: &config)
            case "database":
                if let path = string(value, "database") { config.databasePath = path }
            case "trust_dir":
                if let path = string(value, "trust_dir") { config.trustDir = path }
            case "limits":
                readLimits(value, into: &config)
            case "timeouts":
                let names: Set = ["connect_seconds", "idle_seconds", "total_seconds", "drain_seconds"]
                for (name, item) in mapping(value, "timeouts", allowed: names) ?? [] {
                    guard let seconds = number(item, "timeouts.\(name)", minimum: 0.001) else { continue }
                    switch name {
                    case "connect_seconds": config.timeouts.connect = seconds
                    case "idle_seconds": config.timeouts.idle = seconds
                    case "total_seconds": config.timeouts.total = seconds
                    default: config.timeouts.drain = seconds
                    }
                }
            case "providers":
                for (name, item) in mapping(value, "providers", allowed: []) ?? [] {
                    lines["provider:\(name)"] = item.mark?.line
                    if let provider = readProvider(name, item) { config.providers[name] = provider }
                }
            default:
                for (name, item) in mapping(value, "models", allowed: []) ?? [] {
                    lines["model:\(name)"] = item.mark?.line
                    if let model = readModel(name, item) { config.models[name] = model }
                }
            }
        }
    }

    private mutating func readLimits(_ node: Node, into config: inout GatewayConfig) {
        let names: Set = [
            "max_body_bytes", "max_connections", "header_seconds", "keep_alive_seconds", "min_body_bytes_per_second", "max_buffered_body_bytes",
        ]
        for (name, item) in mapping(node, "limits", allowed: names) ?? [] {
            let minimum: Double = switch name {
            case "max_body_bytes": 1024
            case "max_connections": 1
            case "max_buffered_body_bytes": 1024
            case "min_body_bytes_per_second": 0
            default: 0.001
            }
            guard let value = number(item, "limits.\(name)", minimum: minimum) else { continue }
            let whole = name == "max_body_bytes" || name == "max_connections" || name == "max_buffered_body_bytes"
            if whole, value.rounded() != value || value > 1e15 {
                problem(item, "limits.\(name) must be a whole number")
                continue
            }
            switch name {
            case "max_body_bytes": config.maxBodyBytes = Int(value)
            case "max_connections": config.connections.maxConnections = Int(value)
            case "header_seconds": config.connections.headerSeconds = value
            case "keep_alive_seconds": config.connections.keepAliveSeconds = value
            case "min_body_bytes_per_second": config.connections.minBodyBytesPerSecond = value
            default: config.connections.maxBufferedBodyBytes = Int(value)
            }
        }
    }

    private mutating func readProvider(_ name: String, _ node: Node) -> ProviderConfig? {
        guard let pairs = mapping(node, "provider '\(name)'", allowed: ["kind", "base_url", "credential"]) else { return nil }
        let fields = Dictionary(pairs, uniquingKeysWith: { $1 })
        guard let kindNode = fields["kind"] else {
            problem(node, "provider '\(name)' needs a kind (anthropic, openai, openai-compatible or mock)")
            return nil
        }
        guard let kindText = string(kindNode, "provider '\(name)'.kind") else { return nil }
        guard let kind = ProviderConfig.Kind(rawValue: kindText) else {
            problem(kindNode, "provider '\(name)': unknown kind '\(kindText)' (anthropic, openai, openai-compatible or mock)")
            return nil
        }
        var baseURL: String?
        if let urlNode = fields["base_url"], let url = string(urlNode, "provider '\(name)'.base_url") {
            if UpstreamOrigin(baseURL: url) != nil {
                baseURL = url
            } else {
                problem(urlNode, "provider '\(name)': base_url must be http[s]://host[:port][/path], without query or user info")
            }
        } else if kind != .mock {
            switch kind {
            case .anthropic: baseURL = "https://api.anthropic.com"
            case .openai: baseURL = "https://api.openai.com"
            default: problem(node, "provider '\(name)' (\(kind.rawValue)) needs a base_url")
            }
        }
        var credential = ProviderConfig.Credential.none
        if let credentialNode = fields["credential"], let text = string(credentialNode, "provider '\(name)'.credential") {
            if text == "passthrough" {
                credential = .passthrough
            } else if text.hasPrefix("env:"), text.count > 4 {
                let variable = String(text.dropFirst(4))
                credential = .environment(name: variable)
                if (environment[variable] ?? "").isEmpty {
                    problem(credentialNode, "provider '\(name)': environment variable \(variable) is not set")
                }
            } else if text.hasPrefix("vault:"), text.count > 6 {
                credential = .vault(name: String(text.dropFirst(6)))
            } else {
                problem(credentialNode, "provider '\(name)': credential must be 'env:VARIABLE', 'vault:NAME' or 'passthrough'")
            }
        } else if kind == .anthropic || kind == .openai {
            problem(node, "provider '\(name)' needs a credential ('env:VARIABLE', 'vault:NAME' or 'passthrough')")
        }
        return ProviderConfig(name: name, kind: kind, baseURL: baseURL, credential: credential)
    }

    private mutating func readModel(_ name: String, _ node: Node) -> ModelConfig? {
        guard let pairs = mapping(node, "model '\(name)'", allowed: ["provider", "upstream", "price"]) else { return nil }
        let fields = Dictionary(pairs, uniquingKeysWith: { $1 })
        guard let providerNode = fields["provider"], let provider = string(providerNode, "model '\(name)'.provider") else {
            if fields["provider"] == nil { problem(node, "model '\(name)' needs a provider") }
            return nil
        }
        var upstream = name
        if let upstreamNode = fields["upstream"], let text = string(upstreamNode, "model '\(name)'.upstream") { upstream = text }
        var prices = ModelConfig.Prices()
        if let priceNode = fields["price"] {
            let names: Set = ["input", "output", "cache_read", "cache_write"]
            for (key, item) in mapping(priceNode, "model '\(name)'.price", allowed: names) ?? [] {
                guard let value = number(item, "model '\(name)'.price.\(key)") else { continue }
                switch key {
                case "input": prices.input = value
                case "output": prices.output = value
                case "cache_read": prices.cacheRead = value
                default: prices.cacheWrite = value
                }
            }
        }
        return ModelConfig(name: name, provider: provider, upstreamModel: upstream, prices: prices)
    }

    /// Cross-references: every model's provider exists.
    mutating func validate(_ config: inout GatewayConfig) {
        for model in config.models.values.sorted(by: { $0.name < $1.name }) where config.providers[model.provider] == nil {
            let line = lines["model:\(model.name)"] ?? 0
            let known = config.providers.keys.sorted().joined(separator: ", ")
            problems.append(ConfigProblem(line: line, message: "model '\(model.name)': no provider named '\(model.provider)' (known: \(known.isEmpty ? "none" : known))"))
        }
        validateRoutes(config)
        problems.sort { $0.line < $1.line }
    }
}

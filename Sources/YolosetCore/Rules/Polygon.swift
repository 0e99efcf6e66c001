/// Polygon points from an annotation's `geometry`, whichever JSON layout the server used.
enum Polygon {
    enum Parsed {
        /// Flat list of coordinates: x1, y1, x2, y2, ...
        case values([Double])
        case unreadable(String)
    }

    static func parse(_ geometry: GoBytes) -> Parsed {
        guard let value = geometry.value else {
            return .unreadable("geometry (\(geometry.encoding.rawValue)) does not hold JSON")
        }
        return parse(value)
    }

    static func parse(_ value: JSONValue) -> Parsed {
        switch value {
        case .object(let members):
            for key in ["points", "coordinates", "polygon"] {
                if let inner = members[key] { return parse(inner) }
            }
            return .unreadable("geometry is an object without points")
        case .array(let elements):
            var values: [Double] = []
            values.reserveCapacity(elements.count * 2)
            for element in elements {
                switch element {
                case .number(let number):
                    values.append(number)
                case .array(let pair):
                    guard pair.count == 2, case .number(let x) = pair[0], case .number(let y) = pair[1] else {
                        return .unreadable(
                            "geometry point \(pair.count == 2 ? "is not two numbers" : "has \(pair.count) values, expected 2")"
                        )
                    }
                    values += [x, y]
                case .object(let point):
                    guard case .number(let x)? = point["x"], case .number(let y)? = point["y"] else {
                        return .unreadable("geometry point object lacks numeric x and y")
                    }
                    values += [x, y]
                default:
                    return .unreadable("geometry holds \(element.kindDescription) where a point was expected")
                }
            }
            return .values(values)
        default:
            return .unreadable("geometry is \(value.kindDescription), not a list of points")
        }
    }
}
